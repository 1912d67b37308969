"""The rules of the publication save itself (reports.public.services), beside the page tests of
test_public_publishing.py: what it refuses and with which message, how the history names what
it wrote, the state it returns, and the kabupaten/kota's row lock that keeps two first saves
apart."""

import threading

import pytest
from django.db import connections

from coaching.models import Evidence, QuickWin
from reports.models import KabupatenPublication
from reports.public import services
from reports.public.selectors import PublicationState, publication_state
from tests.history import context, events
from tests.public import seed_public
from tests.races import side_by_side
from tests.refusals import refusal


@pytest.fixture
def seeded(world):
    return seed_public(world)


def save(world, **choices) -> PublicationState:
    """Seruyan's Bapperida saving from a page built on the state stored now."""
    return services.publication_save(
        actor=world.users["seruyan"],
        kabupaten=world.seruyan,
        expected_token=publication_state(kabupaten=world.seruyan).token,
        **choices,
    )


def touched(world, seeded):
    """Every row a save of Seruyan's publication could change, and the foreign ones named."""
    return (
        seeded.public_quick_win,
        seeded.private_quick_win,
        world.kapuas_quickwin,
        seeded.public_file,
        seeded.hidden_file,
        world.kapuas_evidence,
    )


class PublicationSaveRefusalTests:
    def test_it_refuses_a_quick_win_of_another_kabupaten_and_writes_nothing(self, world, seeded):
        with refusal(*touched(world, seeded), tables=(KabupatenPublication,)) as error:
            save(
                world,
                published=False,
                quick_win_ids={seeded.private_quick_win.pk, world.kapuas_quickwin.pk},
                evidence_ids={seeded.hidden_file.pk},
            )
        assert error.value.message_dict == {"quick_wins": ["Quick win kabupaten/kota lain."]}

    @pytest.mark.parametrize("which", ["another kabupaten's file", "an attendance sheet"])
    def test_it_refuses_a_file_that_cannot_be_published_and_writes_nothing(
        self, world, seeded, which
    ):
        refused = (
            world.kapuas_evidence
            if which == "another kabupaten's file"
            else Evidence.objects.get(original_name="daftar-hadir-seruyan.pdf")
        )
        with refusal(*touched(world, seeded), refused, tables=(KabupatenPublication,)) as error:
            save(
                world,
                published=False,
                quick_win_ids={seeded.private_quick_win.pk},
                evidence_ids={seeded.hidden_file.pk, refused.pk},
            )
        assert error.value.message_dict == {"evidence": ["Berkas ini tidak dapat dipublikasikan."]}


class PublicationSaveHistoryTests:
    def test_every_row_it_writes_is_recorded_as_the_bapperida_s_publication_save(
        self, world, seeded
    ):
        actor = world.users["seruyan"]
        save(
            world,
            published=False,  # the first opt-out adds the publication row
            quick_win_ids={seeded.public_quick_win.pk, seeded.private_quick_win.pk},
            evidence_ids={seeded.hidden_file.pk},  # the public file is taken off
        )
        written = [
            events(KabupatenPublication, pgh_obj__kabupaten=world.seruyan).get(),
            events(QuickWin, pgh_obj=seeded.private_quick_win).last(),
            events(Evidence, pgh_obj=seeded.hidden_file).last(),
            events(Evidence, pgh_obj=seeded.public_file).last(),
        ]
        assert [event.is_public for event in written[1:]] == [True, True, False]
        for event in written:
            assert context(event)["action"] == "publication.save"
            assert context(event)["user"] == actor.pk
            assert context(event)["username"] == "bapperida.seruyan"


class PublicationSaveResultTests:
    def test_it_returns_the_state_now_stored(self, world, seeded):
        returned = save(
            world,
            published=False,
            quick_win_ids={seeded.private_quick_win.pk},
            evidence_ids={seeded.hidden_file.pk, seeded.public_file.pk},
        )
        assert returned == PublicationState(
            published=False,
            quick_wins=frozenset({seeded.private_quick_win.pk}),
            evidence=frozenset({seeded.hidden_file.pk, seeded.public_file.pk}),
        )
        assert returned == publication_state(kabupaten=world.seruyan)

    def test_its_state_carries_the_token_of_the_page_built_after_it(self, world, seeded):
        """The form that follows a save is built from the stored state: the returned one must
        fingerprint alike, or the next save from it would be refused."""
        returned = save(world, published=True, quick_win_ids=set(), evidence_ids=set())
        assert returned.published is True
        assert returned.token == publication_state(kabupaten=world.seruyan).token


@pytest.mark.django_db(transaction=True)
class PublicationSaveLockTests:
    def test_two_first_saves_at_once_give_one_save_and_one_conflict(self, live_world):
        """Two pages opened on the same state, saved at the same moment, before the kabupaten/
        kota has any publication row to lock: the second must wait for the first and be told
        what it saved, never undo it silently. Each save is held just before it writes until
        the other arrives there too: without the lock both would have read the same state."""
        world = live_world
        seeded = seed_public(world)
        token = publication_state(kabupaten=world.seruyan).token
        choices = [
            {"quick_win_ids": {seeded.public_quick_win.pk, seeded.private_quick_win.pk}},
            {"quick_win_ids": set()},
        ]
        outcomes: list = [None, None]
        errors: list = []

        def press(index: int) -> None:
            try:
                outcomes[index] = (
                    "saved",
                    services.publication_save(
                        actor=world.users["seruyan"],
                        kabupaten=world.seruyan,
                        published=False,
                        evidence_ids=set(),
                        expected_token=token,
                        **choices[index],
                    ),
                )
            except services.PublicationConflict as conflict:
                outcomes[index] = ("conflict", conflict.current)
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                connections.close_all()

        presses = [threading.Thread(target=press, args=(i,)) for i in range(2)]
        with side_by_side("reports.public.services.acting", 2):
            for thread in presses:
                thread.start()
            for thread in presses:
                thread.join(timeout=60)
        assert not errors, errors
        assert sorted(kind for kind, _state in outcomes) == ["conflict", "saved"], outcomes
        saved = next(state for kind, state in outcomes if kind == "saved")
        told = next(state for kind, state in outcomes if kind == "conflict")
        assert told == saved == publication_state(kabupaten=world.seruyan)
        assert KabupatenPublication.objects.filter(kabupaten=world.seruyan).count() == 1
