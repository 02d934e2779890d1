import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the demo admin account with a generated password, or remind where "
        "its password is kept. For local development only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--base-url", default=settings.WAGTAILADMIN_BASE_URL)

    def handle(self, *, username, base_url, **options):
        admin_url = f"{base_url.rstrip('/')}/admin/"
        password_file = settings.VAR_DIR / "demo-admin-password"
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            if password_file.exists():
                self.stdout.write(
                    f"Admin: {admin_url}  user: {username}  "
                    f"password: {password_file.read_text().strip()}"
                )
            else:
                self.stdout.write(
                    f"Admin user '{username}' already exists; "
                    f"set a new password with: manage.py changepassword {username}"
                )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=password
        )
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the demo admin. Sign in at {admin_url} "
                f"as {username} with password: {password}"
            )
        )
