"""Your practice across sources: rehearsals, drills and saved real talks, side by side.

``answers`` (every judged answer as one typed stream), ``reviews`` (real talks saved with
``imago review --save``), ``records`` (saved drills and reviews as history) and ``progress``
(per stage and source, and whether practice and real talks improve). It may import dialogue/
(the session store), drill/ (its store and bank), transcript/ (the review report), models, the
store and errors; never render/ or cli/.
"""
