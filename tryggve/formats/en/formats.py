TIME_FORMAT = "H:i"
# English capitalises month abbreviations ("28 Oct 2019"); Swedish has its own (sv/formats.py).
SHORT_DATE_FORMAT = "j M Y"
