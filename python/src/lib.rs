//! `mdediag._native`: the PyO3 layer. Each function hands its input to `mdediag::api` with the GIL released
//! and returns what the CLI would print for `--format json` (the JSON text, the exit status, the warnings);
//! `mdediag/__init__.py` turns that into Python objects. No diagnosis or check is written here.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use mdediag::api::{self, Output};

create_exception!(
    mdediag,
    Error,
    PyValueError,
    "Bad input or usage: the message is the one the mdediag command prints after `error:`."
);

/// The JSON text, the CLI's exit code, and the warnings it would print.
type Answer = (String, u8, Vec<String>);

fn answer(result: anyhow::Result<Output>) -> PyResult<Answer> {
    match result {
        Ok(out) => Ok((out.json, out.status.code(), out.warnings)),
        Err(err) => Err(Error::new_err(api::message(&err))),
    }
}

/// `mdediag --format json` on `text` (bytes); `request` stands for the request behind responses that show none.
#[pyfunction]
#[pyo3(signature = (text, request=None))]
fn diagnose(py: Python<'_>, text: &[u8], request: Option<&str>) -> PyResult<Answer> {
    answer(py.detach(|| api::diagnose(text, request)))
}

/// `mdediag lint - --format json` on `body` (bytes).
#[pyfunction]
#[pyo3(signature = (body, operation=None, endpoint=None))]
fn lint(
    py: Python<'_>,
    body: &[u8],
    operation: Option<&str>,
    endpoint: Option<&str>,
) -> PyResult<Answer> {
    answer(py.detach(|| api::lint(body, operation, endpoint)))
}

/// `mdediag lint --endpoint LINE --format json`.
#[pyfunction]
fn lint_endpoint(py: Python<'_>, request_line: &str) -> PyResult<Answer> {
    answer(py.detach(|| api::lint_endpoint(request_line)))
}

/// `mdediag explain QUERY --format json`.
#[pyfunction]
fn explain(query: &str) -> PyResult<Answer> {
    answer(api::explain(query))
}

/// `mdediag codes --format json`.
#[pyfunction]
fn codes() -> PyResult<Answer> {
    answer(api::codes())
}

/// `mdediag token - --format json` with the token on stdin; `now` as `--now` takes it.
#[pyfunction]
#[pyo3(signature = (token, operation=None, now=None))]
fn check_token(
    py: Python<'_>,
    token: &str,
    operation: Option<&str>,
    now: Option<&str>,
) -> PyResult<Answer> {
    answer(py.detach(|| api::token(token, operation, now)))
}

/// The `mdediag` command, in this process: `argv` with the program name first; returns the exit code.
#[pyfunction]
fn run(py: Python<'_>, argv: Vec<std::ffi::OsString>) -> u8 {
    py.detach(|| api::run_cli(argv).code())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", mdediag::api::VERSION)?;
    m.add("Error", m.py().get_type::<Error>())?;
    m.add_function(wrap_pyfunction!(diagnose, m)?)?;
    m.add_function(wrap_pyfunction!(lint, m)?)?;
    m.add_function(wrap_pyfunction!(lint_endpoint, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add_function(wrap_pyfunction!(check_token, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    Ok(())
}
