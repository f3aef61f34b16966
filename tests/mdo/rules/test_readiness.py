import pytest

from zorgpad.pathways.readiness import Imaging, Item, ItemState, ReadinessInput, readiness


@pytest.mark.parametrize(("source", "revision", "state"), [
    pytest.param("own", "not_needed", ItemState.OK, id="own pathology: no revision needed"),
    pytest.param("own", "done", ItemState.OK, id="own pathology revised anyway"),
    pytest.param("own", "requested", ItemState.UNKNOWN, id="own pathology with a revision requested: unknown"),
    pytest.param("external", "done", ItemState.OK, id="pathway: external biopsy revised"),
    pytest.param("external", "requested", ItemState.MISSING, id="pathway: external biopsy, revision requested"),
    pytest.param("external", "to_request", ItemState.MISSING, id="pathway: external biopsy, revision to request"),
    pytest.param("external", "not_needed", ItemState.MISSING,
                 id="pathway: external biopsy is always revised (conservative)"),
    pytest.param("", "not_needed", ItemState.UNKNOWN, id="source unknown"),
])
def test_pathology(source: str, revision: str, state: ItemState) -> None:
    result = readiness(ReadinessInput(source, revision, Imaging.AVAILABLE, True))
    assert result.items[0].item is Item.PATHOLOGY
    assert result.items[0].state is state
    assert result.ready is (state is ItemState.OK)


@pytest.mark.parametrize(("imaging", "state", "ok"), [
    pytest.param(Imaging.AVAILABLE, ItemState.OK, True, id="imaging available"),
    pytest.param(Imaging.NOT_NEEDED, ItemState.NOT_NEEDED, True, id="pathway: imaging not needed (cutaneous)"),
    pytest.param(Imaging.PENDING, ItemState.MISSING, False, id="imaging pending"),
])
def test_imaging(imaging: Imaging, state: ItemState, ok: bool) -> None:
    result = readiness(ReadinessInput("own", "not_needed", imaging, True))
    assert result.items[1].state is state
    assert result.ready is ok


@pytest.mark.parametrize(("recorded", "state"), [
    pytest.param(True, ItemState.OK, id="stage recorded"),
    pytest.param(False, ItemState.MISSING, id="no stage"),
    pytest.param(None, ItemState.UNKNOWN, id="staging not available: unknown, never ok"),
])
def test_stage(recorded: bool | None, state: ItemState) -> None:
    result = readiness(ReadinessInput("own", "not_needed", Imaging.AVAILABLE, recorded))
    assert result.items[2].state is state
    assert result.ready is (recorded is True)


def test_missing_names_every_item_not_ok() -> None:
    result = readiness(ReadinessInput("external", "requested", Imaging.PENDING, None))
    assert result.missing == (Item.PATHOLOGY, Item.IMAGING, Item.STAGE)
    assert not result.ready
