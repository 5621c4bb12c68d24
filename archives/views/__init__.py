"""Views of the archives app, one module per part of the domain.

- ``archive``: the progress archive of one case (timeline, chart, print, .xlsx);
- ``entries``: its entries (observations, tutoring, discussions, summaries);
- ``lesson``: a lesson's observations at once;
- ``cases``: identify a student, the case list, the case page, cause analysis, status;
- ``plans``: the support plan (staged goals, measures, responsible teachers);
- ``overview``: a class's cases at a glance, and carrying cases over into a new term;
- ``roster``: the support roster (who receives which measure) and its .xlsx;
- ``measures``: the school's list of support measures.
"""
