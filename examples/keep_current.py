"""Journey: keep the client current with Simli's API (a maintainer's job; documentation only).

The client is generated from a pinned copy of Simli's OpenAPI description (openapi/). To follow
Simli's changes, from a checkout:

    python3 -m nox -s drift                 # what changed upstream, classified (breaking or not)
    python3 -m nox -s update-spec           # pin the published description and regenerate
    python3 -m nox                          # the checks; then add the drift summary to CHANGELOG.md

`.github/workflows/spec-drift.yml` does the first two daily and opens a pull request whose body
is the drift report. This script only prints the version and where the pinned description is.
"""

from __future__ import annotations

import simli_api


def main() -> int:
    print(f"simli-api    {simli_api.__version__}")
    print(f"operations   {len(simli_api.OPERATIONS)} (see simli_api.OPERATIONS)")
    print("update       python3 -m nox -s drift; python3 -m nox -s update-spec  (from a checkout)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
