"""Explains Microsoft Defender for Endpoint (MDE) API errors, in process.

Every function returns exactly the objects the ``mdediag`` command prints with
``--format json`` (the same Rust code makes them; the README documents the
schema). Bad input raises :class:`Error`, a :class:`ValueError`, with the
command's message.

>>> import mdediag
>>> mdediag.explain("Forbidden")["http_status"]
403
"""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple, Union, cast

from . import _native
from ._native import Error

__version__: str = _native.__version__

__all__ = [
    "Error",
    "InputWarning",
    "__version__",
    "check_token",
    "codes",
    "diagnose",
    "explain",
    "lint",
    "lint_endpoint",
]


class InputWarning(UserWarning):
    """What the command prints on stderr as ``warning:`` or ``note:`` about the input.

    For example a JSON body cut short, or text that looks like an error in a
    form mdediag does not read.
    """


def _bytes(value: Union[str, bytes], name: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{name} must be str or bytes, not {type(value).__name__}")


_Found = List[Dict[str, Any]]


def _loads(answer: Tuple[str, int, List[str]]) -> Any:
    text, _status, notes = answer
    for note in notes:
        warnings.warn(note, InputWarning, stacklevel=3)
    return json.loads(text)


def diagnose(text: Union[str, bytes], *, request: Optional[str] = None) -> List[Dict[str, Any]]:
    """Diagnose every MDE (or Entra, Graph, Azure) error response found in ``text``.

    ``text`` is anything holding a response: a body, ``curl -v`` output, a
    log, a Python traceback. ``request`` (``"POST /api/machines/{id}/isolate"``
    or a URL) names the request behind responses whose text does not show it,
    so the diagnosis can name the operation and the permission it needs.

    Returns one dict per response, as ``mdediag --format json`` prints them;
    an empty list when there is none. Unreadable fragments are reported as
    :class:`InputWarning`.

    >>> body = '{"error":{"code":"Forbidden","message":"Missing application roles. '
    >>> body += 'API required roles: Machine.Isolate, application roles: Machine.Read.All."}}'
    >>> d = mdediag.diagnose(body, request="POST /api/machines/abc/isolate")[0]
    >>> d["code"], d["details"][0]["missing"], d["operation"]["name"]
    ('Forbidden', ['Machine.Isolate'], 'isolate-machine')
    """
    return cast(_Found, _loads(_native.diagnose(_bytes(text, "text"), request)))


def lint(
    body: Union[str, bytes, Dict[str, Any]],
    *,
    operation: Optional[str] = None,
    endpoint: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """Check a request body against an MDE operation before it is sent.

    ``body`` is the JSON text, or a dict (sent through :func:`json.dumps`).
    ``operation`` names the operation (``"isolate-machine"``; ``mdediag
    operations`` lists them) or ``endpoint`` gives its request line; with
    neither, the operation is inferred from the keys. Returns the findings, as
    ``mdediag lint --format json`` prints them (an empty list: nothing to fix).
    Raises :class:`Error` when the operation is unknown or no operation fits.

    >>> [f["rule"] for f in mdediag.lint({"comment": "x", "IsolationType": "Full"},
    ...                                  operation="isolate-machine")]
    ['key-case']
    """
    if isinstance(body, dict):
        body = json.dumps(body)
    findings = cast(_Found, _loads(_native.lint(_bytes(body, "body"), operation, endpoint)))
    for finding in findings:
        if finding.get("rule") == "not-checked":
            raise Error(finding["message"])
    return findings


def lint_endpoint(request_line: str) -> List[Dict[str, Any]]:
    """Check a request line's OData query (``$filter``, ``$top``, ...) against the endpoint.

    Returns the findings, as ``mdediag lint --endpoint LINE --format json``
    prints them.

    >>> f = mdediag.lint_endpoint("GET /api/machines?$filter=foo eq 1")[0]
    >>> f["rule"], f["would_cause"]
    ('odata-unknown-property', 'ODataError')
    """
    return cast(_Found, _loads(_native.lint_endpoint(request_line)))


def explain(code: str) -> Dict[str, Any]:
    """Explain an error code, alias, AADSTS number or lint rule id.

    Returns the entry ``mdediag explain CODE --format json`` prints first (an
    HTTP status such as ``"403"`` matches several codes: use :func:`codes` for
    all of them). Raises :class:`Error` for an unknown code, with the
    command's "did you mean" advice.

    >>> mdediag.explain("TooManyRequests")["http_status"]
    429
    """
    hits = cast(_Found, _loads(_native.explain(code)))
    return hits[0]


def codes() -> List[Dict[str, Any]]:
    """Every error code mdediag knows, as ``mdediag codes --format json`` lists them.

    >>> any(c["code"] == "Forbidden" for c in mdediag.codes())
    True
    """
    return cast(_Found, _loads(_native.codes()))


def check_token(
    token: str,
    *,
    operation: Optional[str] = None,
    at: Optional[datetime] = None,
) -> Dict[str, Any]:
    """Inspect a bearer token offline: audience, expiry, roles against an operation.

    ``token`` is the JWT, ``"Bearer <jwt>"`` or an Authorization header line.
    ``operation`` names the operation to check its permissions against;
    ``at`` judges ``exp``/``nbf`` at that time instead of now (a naive
    datetime is taken as UTC). Returns the report ``mdediag token --format
    json`` prints; ``report["fits"]`` is whether the token can call the
    operation. The token never appears in the report or in an exception;
    an unreadable token raises :class:`Error`.

    >>> report = mdediag.check_token(jwt, operation="isolate-machine", at=datetime(2025, 1, 2, 3, 0))
    >>> report["fits"], [f["message"] for f in report["findings"] if f["severity"] == "error"]
    (False, ["missing application permission: isolate-machine needs `Machine.Isolate`; the token's roles hold Machine.Read.All, Alert.Read.All"])
    """
    if not isinstance(token, str):
        raise TypeError(f"token must be str, not {type(token).__name__}")
    now = None
    if at is not None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        now = str(int(at.timestamp()))
    text, status, _notes = _native.check_token(token, operation, now)
    report = cast(Dict[str, Any], json.loads(text))
    if status == 2:
        # The command's exit 2: no token could be read; its finding says why (never the token).
        finding = (report.get("findings") or [{}])[0]
        message = finding.get("message", "no token could be read")
        if finding.get("fix"):
            message = f"{message}\nhelp: {finding['fix']}"
        raise Error(message)
    return report
