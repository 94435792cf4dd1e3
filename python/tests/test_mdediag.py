"""The installed mdediag package against the installed mdediag command.

Each function is run on the fixtures the Rust tests use, and must give exactly what `mdediag … --format json`
prints for the same input on stdin (the command reads through the CLI's own pipeline; the module through
`mdediag::api`). Run against an installed wheel: `.ci/run` builds one and installs it into a fresh venv.
"""

import doctest
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import pytest
import requests

import mdediag

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
# The command this venv installed (Scripts\mdediag.exe on Windows).
COMMAND = str(Path(sys.executable).parent / ("mdediag.exe" if sys.platform == "win32" else "mdediag"))
# The time token cases are judged at: inside the fixture tokens' lifetime (02:50 to 03:50 UTC that day).
AT = datetime(2025, 1, 2, 3, 0, tzinfo=timezone.utc)
AT_TEXT = "2025-01-02T03:00:00Z"


def cli(*args, stdin=b"", one_core=False):
    """Runs the installed command (on one core if asked); returns (exit code, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "MDE_TOKEN"}
    env["NO_COLOR"] = "1"
    pin = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None
    done = subprocess.run(
        [COMMAND, *args], input=stdin, capture_output=True, env=env, cwd=ROOT, timeout=120, preexec_fn=pin
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def files(*folders, suffix=None):
    found = []
    for folder in folders:
        for path in sorted((FIXTURES / folder).rglob("*")):
            if path.is_file() and (suffix is None or path.name.endswith(suffix)):
                found.append(path)
    assert found, f"no fixtures in {folders}"
    return found


def ids(paths):
    return [str(p.relative_to(FIXTURES)) for p in paths]


def error_text(stderr):
    """The CLI's error as the module raises it: the `error:` line without its lead, then any `help:` line."""
    lines = [line for line in stderr.splitlines() if line]
    assert lines and lines[0].startswith("error: "), stderr
    return "\n".join([lines[0][len("error: "):], *lines[1:]])


DIAGNOSE_INPUTS = files("diagnose", "gzip", "hostile", "har", "odata", "real-clients")
# The command answers this one differently on one core and on two: on two it also diagnoses the line the cut
# gzip stream ended in; on one (`taskset -c 0`) it does not, as the module, which scans on the caller's
# thread. Compared with the command on one core.
ONE_CORE = {"gzip/cut.log.gz"}


@pytest.mark.parametrize("path", DIAGNOSE_INPUTS, ids=ids(DIAGNOSE_INPUTS))
def test_diagnose_equals_the_cli(path, recwarn):
    data = path.read_bytes()
    one_core = str(path.relative_to(FIXTURES)) in ONE_CORE
    code, out, err = cli("--format", "json", stdin=data, one_core=one_core)
    assert code in (0, 1, 2, 75), err
    assert mdediag.diagnose(data) == json.loads(out)
    # The command's stderr warnings and notes come as InputWarning, word for word.
    shown = [str(w.message) for w in recwarn if issubclass(w.category, mdediag.InputWarning)]
    assert shown == [line for line in err.splitlines() if line]


def test_diagnose_takes_str_and_bytes_alike():
    text = (FIXTURES / "diagnose" / "sample-curl-v.txt").read_text(encoding="utf-8")
    assert mdediag.diagnose(text) == mdediag.diagnose(text.encode("utf-8"))
    assert mdediag.diagnose(text)[0]["code"] == "Forbidden"


def test_diagnose_request_names_the_operation():
    body = (FIXTURES / "diagnose" / "mde-compact.json").read_bytes()
    assert mdediag.diagnose(body)[0].get("operation") is None
    d = mdediag.diagnose(body, request="POST https://api.security.microsoft.com/api/indicators")[0]
    assert d["request"] == {"method": "POST", "url": "https://api.security.microsoft.com/api/indicators"}
    assert d["operation"]["name"] == "submit-or-update-indicator"


def test_diagnose_bad_request_line_is_a_value_error():
    with pytest.raises(ValueError, match="request: expected 'METHOD URL'"):
        mdediag.diagnose("{}", request="")


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError):
        mdediag.diagnose(403)
    with pytest.raises(TypeError):
        mdediag.lint(["not", "a", "body"])
    with pytest.raises(TypeError):
        mdediag.check_token(b"bytes")


LINT_BODIES = files("lint", suffix=".json")


@pytest.mark.parametrize("path", LINT_BODIES, ids=ids(LINT_BODIES))
def test_lint_equals_the_cli(path):
    data = path.read_bytes()
    code, out, err = cli("lint", "-", "--format", "json", stdin=data)
    if code == 2:
        # No operation fits these keys: the module raises the CLI's finding.
        finding = json.loads(out)[0]
        assert finding["rule"] == "not-checked"
        with pytest.raises(mdediag.Error) as raised:
            mdediag.lint(data)
        assert str(raised.value) == finding["message"]
    else:
        assert mdediag.lint(data) == json.loads(out)


@pytest.mark.parametrize(
    "name,flag,value",
    [
        ("lint/wrong-case.json", "operation", "isolate-machine"),
        ("lint/mixed/block-hash.json", "operation", "submit-or-update-indicator"),
        ("lint/wrong-case.json", "endpoint", "POST https://api.security.microsoft.com/api/machines/abc/isolate"),
    ],
)
def test_lint_against_a_named_operation_equals_the_cli(name, flag, value):
    data = (FIXTURES / name).read_bytes()
    code, out, err = cli("lint", "-", "--format", "json", f"--{flag}", value, stdin=data)
    assert code in (0, 1), err
    assert mdediag.lint(data, **{flag: value}) == json.loads(out)


def test_lint_takes_a_dict():
    body = {"comment": "contain", "IsolationType": "Full"}
    findings = mdediag.lint(body, operation="isolate-machine")
    assert findings == mdediag.lint(json.dumps(body), operation="isolate-machine")
    assert [f["rule"] for f in findings] == ["key-case"]


def test_lint_unknown_operation_is_the_cli_error():
    code, _, err = cli("lint", "-", "--format", "json", "--operation", "isolate-machin", stdin=b"{}")
    assert code == 2
    with pytest.raises(mdediag.Error) as raised:
        mdediag.lint("{}", operation="isolate-machin")
    assert str(raised.value) == error_text(err)
    assert isinstance(raised.value, ValueError)


def request_lines():
    lines = []
    for line in (FIXTURES / "odata" / "docs-examples.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lines.append(line.split("\t", 1)[1])
    assert lines
    return lines + [
        "GET /api/machines?$filter=foo eq 1",
        "GET https://api.security.microsoft.com/api/alerts?$top=20000&$filter=severity eq 'high'",
        "DELETE /api/indicators/1",
    ]


@pytest.mark.parametrize("line", request_lines())
def test_lint_endpoint_equals_the_cli(line):
    code, out, err = cli("lint", "--format", "json", "--endpoint", line)
    assert code in (0, 1), err
    assert mdediag.lint_endpoint(line) == json.loads(out)


def test_lint_endpoint_finds_an_unknown_property():
    findings = mdediag.lint_endpoint("GET /api/machines?$filter=foo eq 1")
    assert findings[0]["rule"] == "odata-unknown-property"


def test_codes_equals_the_cli():
    code, out, err = cli("codes", "--format", "json")
    assert code == 0, err
    assert mdediag.codes() == json.loads(out)
    assert len(mdediag.codes()) > 40


def explain_queries():
    code, out, _ = cli("codes", "--format", "json")
    assert code == 0
    return [c["code"] for c in json.loads(out)] + ["403", "4xx", "AADSTS700016", "key-case", "too_many_requests"]


@pytest.mark.parametrize("query", explain_queries())
def test_explain_equals_the_cli(query):
    code, out, err = cli("explain", "--format", "json", "--", query)
    assert code == 0, err
    assert mdediag.explain(query) == json.loads(out)[0]


def test_explain_unknown_is_the_cli_error():
    code, _, err = cli("explain", "Forbiden")
    assert code == 2
    with pytest.raises(mdediag.Error) as raised:
        mdediag.explain("Forbiden")
    assert str(raised.value) == error_text(err)
    assert "Forbidden" in str(raised.value)


TOKENS = files("token")


@pytest.mark.parametrize("path", TOKENS, ids=ids(TOKENS))
@pytest.mark.parametrize("operation", [None, "isolate-machine"])
def test_check_token_equals_the_cli(path, operation):
    raw = path.read_bytes()
    args = ["token", "-", "--format", "json", "--now", AT_TEXT]
    if operation:
        args += ["--operation", operation]
    code, out, err = cli(*args, stdin=raw)
    report = json.loads(out)
    if code == 2:
        with pytest.raises(mdediag.Error) as raised:
            mdediag.check_token(raw.decode("utf-8"), operation=operation, at=AT)
        assert str(raised.value).split("\nhelp: ")[0] == report["findings"][0]["message"]
    else:
        assert mdediag.check_token(raw.decode("utf-8"), operation=operation, at=AT) == report
    # A naive datetime is UTC.
    if code != 2:
        naive = AT.replace(tzinfo=None)
        assert mdediag.check_token(raw.decode("utf-8"), operation=operation, at=naive) == report


JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def secrets_of(text):
    """Each token in `text` and each part of it long enough to identify it; an opaque token whole."""
    found = set()
    for match in JWT.finditer(text):
        found.add(match.group())
        found.update(part for part in match.group().split(".") if len(part) >= 12)
    if not found:
        found.update(word for word in text.split() if len(word) >= 20)
    return found


@pytest.mark.parametrize("path", TOKENS, ids=ids(TOKENS))
def test_check_token_never_gives_the_token_back(path):
    text = path.read_text(encoding="utf-8")
    secrets = secrets_of(text)
    assert secrets, path.name
    for case in (text, "Bearer " + text.strip()):
        for operation in (None, "isolate-machine", "isolate-machin"):
            try:
                shown = json.dumps(mdediag.check_token(case, operation=operation, at=AT))
            except mdediag.Error as e:
                shown = f"{e!s} {e!r} {e.args!r}"
            for secret in secrets:
                assert secret not in shown, f"{path.name}: a piece of the token came back"


def test_check_token_unknown_operation_names_only_the_operation():
    token = (FIXTURES / "token" / "right.jwt").read_text(encoding="utf-8").strip()
    with pytest.raises(mdediag.Error) as raised:
        mdediag.check_token(token, operation="isolate-machin")
    assert "isolate-machin" in str(raised.value)
    for secret in secrets_of(token):
        assert secret not in f"{raised.value!s} {raised.value!r}"


def test_version_is_the_commands_and_the_wheels():
    code, out, _ = cli("--version")
    assert code == 0
    assert out.strip() == f"mdediag {mdediag.__version__}"
    assert metadata.version("mdediag") == mdediag.__version__
    # `python -m mdediag` is the same command.
    done = subprocess.run([sys.executable, "-m", "mdediag", "--version"], capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout.decode().strip() == out.strip()


def test_the_installed_command_diagnoses():
    code, out, err = cli("tests/fixtures/diagnose/sample-curl-v.txt")
    assert code == 1, err
    assert "Forbidden" in out and "Machine.Isolate" in out
    # Transient only: exit 75, as the binary.
    code, _, err = cli("tests/fixtures/diagnose/no-body-429.txt")
    assert code == 75, err
    code, _, err = cli("no-such-file.txt")
    assert code == 2 and err.startswith("error: reading no-such-file.txt"), err


def test_the_installed_command_reads_stdin_and_closes_quietly_on_a_closed_pipe():
    code, out, _ = cli("--format", "json", stdin=(FIXTURES / "diagnose" / "sample-curl-v.txt").read_bytes())
    assert code == 1 and json.loads(out)[0]["source"]["file"] == "<stdin>"
    # `mdediag codes | head -1`: the reader leaves, the command ends with 0 and says nothing.
    proc = subprocess.Popen([COMMAND, "codes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read() if proc.stderr else b""
    assert proc.wait(timeout=60) == 0
    assert err == b""


def test_docstring_examples_run():
    token = (FIXTURES / "token" / "missing-isolate.jwt").read_text(encoding="utf-8").strip()
    result = doctest.testmod(
        mdediag, extraglobs={"mdediag": mdediag, "jwt": token, "datetime": datetime}, report=True
    )
    assert result.attempted >= 8
    assert result.failed == 0


class _MdeLike(http.server.BaseHTTPRequestHandler):
    """Answers every POST as MDE answers a token without the role: 403 and a JSON error."""

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps(
            {
                "error": {
                    "code": "Forbidden",
                    "message": "Missing application roles. API required roles: Machine.Isolate, "
                    "application roles: Machine.Read.All.",
                    "target": "6f0b8c0e-3a66-4b5e-9f3e-2c1f5b9a7d10",
                }
            }
        ).encode()
        self.send_response(403)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_an_integration_error_handler_names_the_missing_role():
    server = http.server.HTTPServer(("127.0.0.1", 0), _MdeLike)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/machines/1e5bc9d7e413ddd7902c2932e418702b84d0cc07/isolate"
        r = requests.post(url, json={"Comment": "contain", "IsolationType": "Full"}, timeout=30)
        with pytest.raises(requests.HTTPError):
            try:
                r.raise_for_status()
            except requests.HTTPError:
                # What an integration's handler does: log the answer, not the raw body.
                d = mdediag.diagnose(r.text, request=f"{r.request.method} {r.request.url}")[0]
                assert d["code"] == "Forbidden"
                assert d["details"][0]["missing"] == ["Machine.Isolate"]
                assert d["operation"]["name"] == "isolate-machine"
                assert "Machine.Isolate" in d["fix"][0]
                raise
    finally:
        server.shutdown()
        server.server_close()


def readme_python_blocks():
    """The ```python blocks of the README's Python section, but those marked `# not run`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python (`import mdediag`)", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    run = [b for b in blocks if not b.startswith("# not run")]
    assert run, "the README's Python section has runnable examples"
    return run


@pytest.mark.parametrize("block", readme_python_blocks())
def test_readme_python_examples_run(block, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "InvalidHashValue submit-or-update-indicator" in out
    assert "key-case" in out and "odata-unknown-property" in out


def test_readme_error_handler_example_compiles():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python (`import mdediag`)", 1)[1].split("\n## ", 1)[0]
    for block in re.findall(r"```python\n(.*?)```", section, flags=re.S):
        compile(block, "README.md", "exec")
