import pytest

from kiosk import create_app


def test_importing_the_package_builds_no_app():
    import kiosk

    assert not hasattr(kiosk, "app")


def test_testing_flag_comes_from_test_config(built_instance):
    assert not create_app({"INSTANCE": str(built_instance)}).testing
    assert create_app({"TESTING": True, "INSTANCE": str(built_instance)}).testing


@pytest.mark.parametrize(
    ("setting", "accept", "target"),
    [("vi", "en", "/vi/"), ("en", "vi", "/en/"), ("auto", "en-GB,en;q=0.9", "/en/"), ("auto", "fr", "/vi/")],
)
def test_root_sends_people_to_the_default_language(built_instance, setting, accept, target):
    app = create_app({"TESTING": True, "INSTANCE": str(built_instance), "DEFAULT_LANGUAGE": setting})
    response = app.test_client().get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_environment_overrides_settings(built_instance, monkeypatch):
    monkeypatch.setenv("KIOSK_INSTANCE", str(built_instance))
    monkeypatch.setenv("KIOSK_KIOSK_MODE", "true")
    monkeypatch.setenv("KIOSK_IDLE_RESET_SECONDS", "45")
    app = create_app()
    assert app.config["KIOSK_MODE"] is True
    assert app.config["IDLE_RESET_SECONDS"] == 45


def test_a_missing_install_says_so_instead_of_failing(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE": str(tmp_path / "empty")})
    client = app.test_client()
    page = client.get("/vi/")
    assert page.status_code == 503
    assert "chưa có thông tin" in page.get_data(as_text=True)
    health = client.get("/api/v1/health")
    assert health.status_code == 503
    assert health.get_json()["status"] == "no_content"
