from django.db import connection


def test_the_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_the_cluster_folds_vietnamese_capitals(db):
    # A cluster initialised with LC_CTYPE=C leaves "Đ" and "Ạ" alone; search needs them folded.
    with connection.cursor() as cursor:
        cursor.execute("SELECT lower('ĐỐI THOẠI ĐẤT ĐAI')")
        assert cursor.fetchone()[0] == "đối thoại đất đai"
