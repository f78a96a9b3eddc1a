"""The hall's own settings (name, phones, notice, opening hours) as its managers change them."""
