"""run_cli, the one way the tests run the command line, fails a test on a crash or a hang."""

from __future__ import annotations

import time

import pytest

import factsheet.validation
from conftest import VALID, run_cli


def test_a_clean_run_passes() -> None:
    result = run_cli("validate", VALID)
    assert result.exit_code == 0, result.output


def test_a_crash_fails_the_test_unless_the_test_expects_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(factsheet.validation, "validate", crash)
    with pytest.raises(AssertionError, match="RuntimeError: a bug"):
        run_cli("validate", VALID)
    result = run_cli("validate", VALID, internal_error=True)
    assert isinstance(result.exception, RuntimeError)


def test_expecting_an_internal_error_fails_when_there_is_none() -> None:
    with pytest.raises(AssertionError, match="expected an internal error"):
        run_cli("validate", VALID, internal_error=True)


def test_a_hang_fails_within_four_times_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(*_args: object, **_kwargs: object) -> None:
        time.sleep(30)

    monkeypatch.setattr(factsheet.validation, "validate", hang)
    start = time.perf_counter()
    with pytest.raises(AssertionError, match="TimeoutError"):
        run_cli("validate", VALID, within=0.25)
    assert time.perf_counter() - start < 5


def test_a_slow_run_fails_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    validate = factsheet.validation.validate

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(0.3)
        return validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(factsheet.validation, "validate", slow)
    with pytest.raises(AssertionError, match="took"):
        run_cli("validate", VALID, within=0.2)
