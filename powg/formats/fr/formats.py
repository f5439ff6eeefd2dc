"""Canadian French formats (the site's "fr"), following the OQLF and CLDR's fr-CA.

Times are written ``13 h 48`` (hour without a leading zero, no-break spaces), dates
``15 mars 2025``, numbers ``1 234,5`` with a no-break space (U+00A0) between groups of
three: CLDR's fr-CA group separator, the one Canadian federal and Quebec publications
use, and the one every font and screen reader handles (the narrow U+202F of France's
French is missing from some). Weeks start on Sunday, as Canadian calendars print them.
Input formats put ISO first, so ``<input type="date">`` receives ``2025-03-15``.
"""

DATE_FORMAT = "j F Y"  # 15 mars 2025
TIME_FORMAT = "G\xa0\\h\xa0i"  # 13 h 48
DATETIME_FORMAT = "j F Y, G\xa0\\h\xa0i"  # 15 mars 2025, 13 h 48
YEAR_MONTH_FORMAT = "F Y"  # mars 2025
MONTH_DAY_FORMAT = "j F"  # 15 mars
SHORT_DATE_FORMAT = "Y-m-d"  # 2025-03-15
SHORT_DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"  # 2025-03-15 13 h 48
FIRST_DAY_OF_WEEK = 0  # dimanche

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2025-03-15
    "%d/%m/%Y",  # 15/03/2025
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 13:48, what <input type="time"> sends
    "%H:%M:%S",
    "%H h %M",  # 13 h 48
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
