"""Matching: a client's needs against the services of the directory, with the reasons why and why not.

Pure: records and today's date in, result objects out; no printing, no file access (but `loading`,
which reads what `cedta match` needs through `cedta.io`). `clients` (the proposed plan) and `forum`
(gaps and levers) reuse it unchanged.
May import: `cedta.records`, `cedta.io` (`loading` only), and the top-level `messages` and `diagnostics`.

- `directory`: the services indexed by topic (`Directory.build`, `Directory.with_service`).
- `engine`: one client against the directory (`match_client`, `places_taken`, `result_json`).
- `summary`: a group of clients counted per need topic and level (`cedta match --summary`).
- `find`: the directory filtered for a coordinator answering the phone (`cedta find`).
- `plan`: the plan proposed from a match (`cedta match --plan`).
- `loading`: the directory, clients and places taken as `cedta match` reads them (cache included).
"""

from cedta.match.directory import Directory
from cedta.match.engine import (
    EXCLUSION_CODES, Candidate, MatchResult, NeedResult, Reason, match_client, match_need, places_taken,
    result_json,
)

__all__ = [
    "Directory", "match_client", "match_need", "places_taken", "MatchResult", "NeedResult", "Candidate",
    "Reason", "result_json", "EXCLUSION_CODES",
]
