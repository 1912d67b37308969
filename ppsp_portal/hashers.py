from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the OWASP Password Storage Cheat Sheet's first choice: 19 MiB of memory,
    2 passes, 1 lane.

    Django's own defaults (100 MiB, 8 lanes) make a login cost several times as much memory and
    CPU; on the portal's small servers that lets a burst of logins slow every other request,
    while these parameters still make guessing a stolen hash expensive. Hashes made with other
    parameters still verify and are rehashed with these at the next login.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
