# Swedish public texts write times as 08.00 (Språkrådet), not 08:00.
TIME_FORMAT = "H.i"
