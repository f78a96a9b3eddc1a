// The token this browser received when it was enrolled as a device at /enrol (kiosk,
// lobby screen, window screen, rating tablet). It lives in localStorage, so it survives
// restarts; it goes with every API request as `Authorization: Device <token>` and with the
// Socket.IO connection as `auth.device`. Halls in open mode (the demo hall) need none.

export const TOKEN_KEY = "bianmin.device.token";

export function deviceToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || "";
  } catch (error) {
    return ""; // storage disabled: the device is simply not enrolled
  }
}

export function saveDeviceToken(token) {
  localStorage.setItem(TOKEN_KEY, token);
}

/** Headers that name this device, or none when it is not enrolled. */
export function deviceHeaders() {
  const token = deviceToken();
  return token ? { Authorization: `Device ${token}` } : {};
}
