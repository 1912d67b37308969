import pytest

from programs.models import IndicatorTarget


@pytest.fixture
def al03(world):
    """Kapuas's semester target AL-03, which has no value yet."""
    return IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
