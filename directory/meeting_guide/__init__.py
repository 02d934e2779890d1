"""The Meeting Guide format (https://github.com/code4recovery/spec), both ways.

One JSON object per weekly meeting slot; the Meeting Guide app, TSML, TSML UI
and BMLT all read it. The feed, the importer and the CSV export use only what
is here, so the three always agree:

- types: the reserved type codes and their labels;
- slugs: the stable slug each meeting keeps in the format;
- entries: a published meeting as the format's objects;
- reading: one object (or spreadsheet row) checked and read as a meeting;
- spreadsheet: the plain-English column layout of meeting spreadsheets.
"""
