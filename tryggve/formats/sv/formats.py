# Swedish public texts write times as 08.00 (Språkrådet), not 08:00.
TIME_FORMAT = "H.i"
# Month abbreviations in lower case, as Swedish writes them ("28 okt 2019"): Django's "M"
# capitalises them ("Okt"), "b" does not. Templates use |date:"SHORT_DATE_FORMAT".
SHORT_DATE_FORMAT = "j b Y"
