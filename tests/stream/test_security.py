"""Security settings reach the Kafka clients unchanged (checked without a broker:
the embedded broker has no working SASL or TLS, see the README)."""

from __future__ import annotations

import ssl

import faust
import pytest

from worker.core.settings import load_settings
from worker.stream.profiles import faust_options
from worker.stream.security import client_kwargs, faust_credentials


def test_plaintext_has_no_credentials() -> None:
    settings = load_settings({})
    assert faust_credentials(settings) is None
    assert client_kwargs(settings) == {
        "bootstrap_servers": "localhost:9092",
        "security_protocol": "PLAINTEXT",
    }
    assert "broker_credentials" not in faust_options(settings)


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_ssl(mechanism: str) -> None:
    settings = load_settings(
        {
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": mechanism,
            "KAFKA_SASL_USERNAME": "svc",
            "KAFKA_SASL_PASSWORD": "pw",
        }
    )
    kwargs = client_kwargs(settings)
    assert kwargs["security_protocol"] == "SASL_SSL"
    assert kwargs["sasl_mechanism"] == mechanism
    assert (kwargs["sasl_plain_username"], kwargs["sasl_plain_password"]) == ("svc", "pw")
    assert isinstance(kwargs["ssl_context"], ssl.SSLContext)
    credentials = faust_credentials(settings)
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.username == "svc"
    assert credentials.password == "pw"
    assert credentials.mechanism.value == mechanism
    assert isinstance(credentials.ssl_context, ssl.SSLContext)
    passed = faust_options(settings)["broker_credentials"]
    assert (passed.username, passed.mechanism) == ("svc", credentials.mechanism)


def test_sasl_plaintext_has_no_ssl_context() -> None:
    settings = load_settings(
        {
            "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "KAFKA_SASL_MECHANISM": "PLAIN",
            "KAFKA_SASL_USERNAME": "svc",
        }
    )
    assert "ssl_context" not in client_kwargs(settings)
    credentials = faust_credentials(settings)
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.ssl_context is None


def test_ssl_only() -> None:
    settings = load_settings({"KAFKA_SECURITY_PROTOCOL": "SSL"})
    assert isinstance(faust_credentials(settings), faust.SSLCredentials)
    assert isinstance(client_kwargs(settings)["ssl_context"], ssl.SSLContext)
