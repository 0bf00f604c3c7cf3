"""Each dataset declared once, beside its reader: one module per dataset family, each holding the reader (raw
file to canonical table, row checks through ``rowchecks``), the pandera contract, the coverage rule (its
``Dataset``'s date columns and period) and what the catalog does not hold (title, unit, what a row counts).

    ucdp_ged     UCDP GED events: the Syria release, a global release, Candidate files
    ucdp_yearly  UCDP/PRIO ACD conflict-years and UCDP BRD dyad-years
    views        ViEWS country-month deaths
    pace         PaCE country-month deaths (two builds)
    owid         OWID yearly deaths (cross-check)
    population   UN WPP population
    vdc          VDC documented deaths by governorate and day
    acled        ACLED events (the user's export)
    airwars      Airwars strike incidents

``registry`` gathers every module's ``DATASETS``; where a file is, its version and licence are the catalog's.
"""
