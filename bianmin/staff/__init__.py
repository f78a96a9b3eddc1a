"""Window staff: accounts with hashed passwords and the windows each may serve."""
