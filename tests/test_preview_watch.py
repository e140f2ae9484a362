"""How `chronicle serve` learns of an edit: the system's change notifications, with
MkDocs' polling where they cannot be had (build_tools/preview.py)."""

from __future__ import annotations

import time

import pytest
import watchdog.observers.polling
from mkdocs.livereload import LiveReloadServer

from build_tools import preview


def wants_rebuild_within(server: LiveReloadServer, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.02)
    return False


@pytest.fixture
def watched(tmp_path):
    folder = tmp_path / "content" / "events"
    folder.mkdir(parents=True)
    record = folder / "an-event.yml"
    record.write_text("title: An event\n", encoding="utf-8")
    servers = []

    def start(make=None):
        server = preview._watching_server(make or (lambda: LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))),
                                          [tmp_path / "content", tmp_path / "not-there"])
        servers.append(server)
        server.observer.start()
        return server

    yield record, start
    for server in servers:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_an_edit_is_noticed_by_notification_and_a_read_is_not(watched):
    record, start = watched
    server = start()
    assert isinstance(server.observer, preview._EditObserver)
    assert not isinstance(server.observer, watchdog.observers.polling.PollingObserver)
    record.read_text(encoding="utf-8")  # the preview itself reads the records it re-checks
    assert not wants_rebuild_within(server, 0.5)
    record.write_text("title: An edited event\n", encoding="utf-8")
    assert wants_rebuild_within(server, 5)
    replacement = record.with_name(".an-event.yml.swp")  # an editor's save: write aside, then rename
    replacement.write_text("title: Saved by rename\n", encoding="utf-8")
    wants_rebuild_within(server, 0.5)
    replacement.replace(record)
    assert wants_rebuild_within(server, 5)
    record.unlink()
    assert wants_rebuild_within(server, 5)


def test_without_notifications_the_server_polls_as_mkdocs_does(watched, monkeypatch, capsys):
    # The real failure (the system's watch limit reached) needs root to provoke.
    def no_notifications(self):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(preview._EditObserver, "start", no_notifications)
    record, start = watched
    server = start()
    assert isinstance(server.observer, watchdog.observers.polling.PollingObserver)
    assert "watching by polling" in capsys.readouterr().err
    record.write_text("title: An edited event\n", encoding="utf-8")
    assert wants_rebuild_within(server, 5)
