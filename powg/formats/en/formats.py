"""Canadian English formats (the site's "en").

Dates ``15 March 2025`` (day first, as the group's papers write them), times on the
12-hour clock with ``a.m.``/``p.m.`` (``1:48 p.m.``, minutes always shown so agenda
columns line up), the convention of The Canadian Style. Weeks start on Sunday.
"""

DATE_FORMAT = "j F Y"  # 15 March 2025
TIME_FORMAT = "g:i a"  # 1:48 p.m.
DATETIME_FORMAT = "j F Y, g:i a"  # 15 March 2025, 1:48 p.m.
YEAR_MONTH_FORMAT = "F Y"  # March 2025
MONTH_DAY_FORMAT = "j F"  # 15 March
SHORT_DATE_FORMAT = "Y-m-d"  # 2025-03-15
SHORT_DATETIME_FORMAT = "Y-m-d g:i a"
FIRST_DAY_OF_WEEK = 0  # Sunday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2025-03-15
    "%d %B %Y",  # 15 March 2025
    "%B %d, %Y",  # March 15, 2025
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
