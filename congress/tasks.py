from celery import shared_task
from django.db import connection


@shared_task
def health_check() -> str:
    """Proves a worker can reach the broker and the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"
