import io
import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef

from programs import synthetic
from programs.models import Agency, IndicatorTarget, Kabupaten


class Command(BaseCommand):
    help = (
        "Load a synthetic national data set (every kabupaten/kota, for measuring the portal at "
        "scale; never for showing it). Accounts are named synthetic.* and cannot log in. Refuses a "
        "database that holds demo or real data unless --force; does nothing when a synthetic data "
        "set is already loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
        parser.add_argument(
            "--kabupaten",
            type=int,
            default=None,
            metavar="N",
            help="fill only the first N kabupaten/kota of the region list (default: all 514)",
        )
        parser.add_argument(
            "--indicators",
            type=int,
            default=synthetic.DataSetSize.indicators,
            metavar="N",
            help=(
                "indicators per kabupaten/kota: the catalogue's first N, or the whole catalogue "
                "and synthetic quarterly indicators up to N (e.g. 66 for stress)"
            ),
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help=(
                "the date the data describe: periods ending on or after it get no value, clinics "
                "after it are not held (default: today)"
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even into a database holding demo or real data (their kabupaten/kota are "
            "left alone)",
        )

    def handle(self, *args, seed, kabupaten, indicators, as_of, force, verbosity, **options):
        if indicators < 1 or (kabupaten is not None and kabupaten < 1):
            raise CommandError("--kabupaten and --indicators must be at least 1.")
        if synthetic.synthetic_counts()["accounts"]:
            self.stdout.write("This database already holds a synthetic data set; nothing loaded.")
            self.print_counts(synthetic.synthetic_counts())
            return
        others = {name: n for name, n in synthetic.existing_data().items() if n}
        if others and not force:
            listing = ", ".join(f"{n:,} {name}" for name, n in others.items())
            raise CommandError(
                f"This database holds demo or real data ({listing}). Load the synthetic data set "
                "into an empty database (see the README), or pass --force to add it beside them."
            )
        call_command("load_reference_data", stdout=io.StringIO())
        size = synthetic.DataSetSize(
            seed=seed,
            kabupaten=kabupaten,
            indicators=indicators,
            **({"as_of": as_of} if as_of else {}),
        )
        regions = (
            Kabupaten.objects.select_related("province")
            .annotate(
                has_agencies=Exists(Agency.objects.filter(kabupaten=OuterRef("pk"))),
                has_targets=Exists(IndicatorTarget.objects.filter(kabupaten=OuterRef("pk"))),
            )
            .order_by("code")
        )
        regions = list(regions[:kabupaten] if kabupaten else regions)
        free = [k for k in regions if not (k.has_agencies or k.has_targets)]
        if len(free) < len(regions):
            self.stdout.write(
                f"Left alone: {len(regions) - len(free)} kabupaten/kota that already hold data."
            )
        if verbosity:
            self.stdout.write(
                f"Loading the synthetic data set: {len(free)} kabupaten/kota, {indicators} "
                f"indicators, {size.first_year}–{size.plan_years[-1]}, as of {size.as_of}, "
                f"seed {seed}…"
            )
        start = time.perf_counter()
        synthetic.load_national(size, kabupaten=free)
        seconds = time.perf_counter() - start
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Loaded in {seconds:.0f} s:"))
            self.print_counts(synthetic.synthetic_counts())
            self.stdout.write(f"  fingerprint: {synthetic.fingerprint()}")

    def print_counts(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            self.stdout.write(f"  {name:<18}{count:>10,}")
