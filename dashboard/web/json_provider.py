"""Flask's JSON through orjson: the same documents, written several times faster.

Reading stays on the standard library, which accepts every number JSON allows. With orjson
installed plotly (and so Dash's callbacks) write with it too."""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


class OrjsonProvider(DefaultJSONProvider):
    """`jsonify` and `app.json` on orjson; always compact unless `indent` is asked for."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        option = OPTIONS
        if kwargs.get("indent"):
            option |= orjson.OPT_INDENT_2
        if kwargs.get("sort_keys", self.sort_keys):
            option |= orjson.OPT_SORT_KEYS
        return orjson.dumps(obj, default=kwargs.get("default", self.default),
                            option=option).decode()
