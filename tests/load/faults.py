"""Load and faults on loopback, against PRIVATE services this script starts and stops itself.

    python tests/load/faults.py                      # every scenario, about 5 minutes on a quiet machine
    python tests/load/faults.py zero_loss pg_restart --clients 200 --seconds 60 --redis-outage 120

It never touches the shared PostgreSQL or Redis: it runs its own cluster (initdb into /tmp, port
25432, as the `postgres` user), its own redis-server (port 26379, no persistence), two gunicorns
(ports 28001/28002, 2 sync workers each) and a Celery worker (2 processes), and stops them all at the end.

Scenarios (each prints its figures and a PASS/FAIL line; the exit status is non-zero if any fails):
  zero_loss    N citizens submit in a loop for S seconds across both servers: every success has
               exactly one row, no failure, no duplicate, no row without a success.
  pg_restart   the same load while PostgreSQL restarts: only 503 "try again" pages (in Chinese)
               during the outage, never a 500, no success without a row; the first success comes
               within 10 s of PostgreSQL being back, without restarting gunicorn or the worker;
               after one sweep every stored message's email is sent once and none is pending.
  redis_stop   the same load while Redis is stopped: no server error for citizens, every message
               stored, and after Redis returns one sweep sends each pending email exactly once.
  two_servers  a login on one server is a login on the other; the tracking-lookup limit counts
               the lookups of both servers together.
  worker_kill  a worker is killed (SIGKILL) inside a reminder batch of --batch unanswered messages;
               after a restart and the next sweep every reminder is logged and notified once.
  two_beats    two sweeps fired at the same moment (what two beats do) on two worker processes:
               every reminder still once.
"""

import argparse
import glob
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
WORK = os.environ.get("FAULTS_DIR", "/tmp/renda_faults")
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
# Below the kernel's ephemeral range (32768–60999): a port in it can be taken by any outgoing connection
# of the moment (a gunicorn once failed to bind 58002 for that reason).
PG_PORT, REDIS_PORT, WEB_PORTS = 25432, 26379, (28001, 28002)
PG_DATA, PG_SOCK, MAIL = f"{WORK}/pg", f"{WORK}/sock", f"{WORK}/mail"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "tests.load.faults_settings",
    "DEBUG": "1",  # only picks the development SECRET_KEY; faults_settings switches DEBUG off
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/renda",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "FAULTS_MAIL_DIR": MAIL,
    "LOG_LEVEL": "WARNING",
}
os.environ.update(
    {k: ENV[k] for k in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "REDIS_URL", "FAULTS_MAIL_DIR")}
)
sys.path.insert(0, ROOT)
procs: dict[str, subprocess.Popen] = {}


def sh(*cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, capture_output=True, text=True, **kw)


def as_postgres(*cmd, check=True):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return sh(*prefix, *cmd, check=check)


# --- private services ---------------------------------------------------------------------------
def pg_start():
    as_postgres(
        f"{PG_BIN}/pg_ctl",
        "-D",
        PG_DATA,
        "-w",
        "-l",
        f"{PG_DATA}/server.log",
        "-o",
        f"-p {PG_PORT} -k {PG_SOCK} -c listen_addresses=127.0.0.1",
        "start",
    )


def pg_stop():
    as_postgres(f"{PG_BIN}/pg_ctl", "-D", PG_DATA, "-w", "-m", "fast", "stop", check=False)


def redis_start():
    sh(
        "redis-server",
        "--port",
        str(REDIS_PORT),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--pidfile",
        f"{WORK}/redis.pid",
        "--logfile",
        f"{WORK}/redis.log",
    )
    for _ in range(50):
        if sh("redis-cli", "-p", str(REDIS_PORT), "ping", check=False).stdout.strip() == "PONG":
            return
        time.sleep(0.1)
    raise RuntimeError("private redis did not start")


def redis_stop():
    sh("redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave", check=False)


def start(name, *cmd):
    log = open(f"{WORK}/{name}.log", "a")
    procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=log, stderr=log, start_new_session=True)


def stop(name, sig=signal.SIGTERM):
    p = procs.pop(name, None)
    if p and p.poll() is None:
        os.killpg(p.pid, sig)
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


def gunicorn(port):
    start(
        f"web{port}",
        f"{BIN}/gunicorn",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--timeout",
        "30",
        "renda_portal.wsgi:application",
    )
    for _ in range(300):
        try:
            if request(port, "GET", "/healthz/")[0] in (200, 503):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on {port} did not start")


def worker():
    start(
        "worker",
        f"{BIN}/celery",
        "-A",
        "renda_portal",
        "worker",
        "-c",
        "2",
        "--without-mingle",
        "--without-gossip",
        "-l",
        "WARNING",
    )


def setup():
    shutil.rmtree(WORK, ignore_errors=True)
    for d in (WORK, PG_SOCK, MAIL):
        os.makedirs(d, exist_ok=True)
    os.chmod(WORK, 0o755)
    if os.geteuid() == 0:
        shutil.chown(PG_SOCK, "postgres")
    os.makedirs(PG_DATA)
    if os.geteuid() == 0:
        shutil.chown(PG_DATA, "postgres")
    as_postgres(f"{PG_BIN}/initdb", "-D", PG_DATA, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
    pg_start()
    sh("psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-qc", "CREATE DATABASE renda")
    redis_start()
    sh(sys.executable, "manage.py", "migrate", "-v0", cwd=ROOT, env=ENV)
    seed = (
        "import django; django.setup()\n"
        "from tests.citizen_messages.factories import make_deputy, token_of\n"
        "from tests.factories import staff\n"
        "d = make_deputy(); d.user.email = 'deputy@example.test'; d.user.save()\n"
        "from tests.factories import second_factor_device\n"
        "print(second_factor_device(staff('410522', username='faults_staff')).key)\n"
        "print(token_of(d).token)\n"
    )
    *_out, key, token = sh(sys.executable, "-c", seed, cwd=ROOT, env=ENV).stdout.strip().splitlines()
    STAFF_TOTP_KEY[0] = key  # staff log in with a second factor: two_servers types its code
    for port in WEB_PORTS:
        gunicorn(port)
    worker()
    return token


def teardown():
    for name in list(procs):
        stop(name)
    redis_stop()
    pg_stop()


# --- the citizens ------------------------------------------------------------------------------
def request(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read().decode(errors="replace"), r.getheader("Set-Cookie") or ""
    finally:
        conn.close()


def citizen(i, token, marker, until, out):
    port = WEB_PORTS[i % 2]
    seq = 0
    while time.monotonic() < until:
        seq += 1
        t = time.monotonic()
        try:
            status, html, cookie = request(port, "GET", f"/d/{token}/")
            if status != 200:
                out.append((t, "GET", status, None, None, html))
                time.sleep(0.5)
                continue
            csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
            fields = {
                n: re.search(rf'name="{n}" value="([^"]*)"', html).group(1) for n in ("csrfmiddlewaretoken", "stamp")
            }
            text = f"{marker} c{i} s{seq}"
            body = urllib.parse.urlencode({**fields, "category": "problem", "consent": "on", "body": text})
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Referer": f"http://127.0.0.1:{port}/d/{token}/",
                "Origin": f"http://127.0.0.1:{port}",
            }
            t = time.monotonic()
            status, page, _c = request(port, "POST", f"/d/{token}/", body, headers)
            m = re.search(r'data-testid="tracking-code">([A-Z0-9-]+)<', page)
            out.append((t, "POST", status, text, m.group(1) if m else None, page if status != 200 else ""))
        except (OSError, http.client.HTTPException) as exc:
            out.append((t, "ERR", 0, None, None, repr(exc)))
            time.sleep(0.5)


def load(token, clients, seconds, marker, during=None):
    out: list = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=citizen, args=(i, token, marker, until, out)) for i in range(clients)]
    for t in threads:
        t.start()
    events = during() if during else {}
    for t in threads:
        t.join()
    return out, events


def stored(marker):
    from django.db import close_old_connections, connection

    from citizen_messages.models import Message

    close_old_connections()
    connection.close()
    return list(Message.objects.filter(body__startswith=marker + " ").values_list("body", "tracking_digest"))


def check_rows(marker, out):
    """Every success has exactly one row; no row without a success; no duplicate."""
    import hashlib

    successes = {text: code for _t, kind, status, text, code, _p in out if kind == "POST" and status == 200 and code}
    rows = stored(marker)
    bodies = [b for b, _d in rows]
    dupes = len(bodies) - len(set(bodies))
    by_body = dict(rows)
    missing = [t for t, code in successes.items() if by_body.get(t) != hashlib.sha256(code.encode()).hexdigest()]
    orphans = [b for b in by_body if b not in successes]
    return {
        "successes": len(successes),
        "rows": len(rows),
        "duplicates": dupes,
        "missing": len(missing),
        "rows_without_success": len(orphans),
    }


def summary(out):
    posts = [o for o in out if o[1] == "POST"]
    by_status: dict = {}
    for o in out:
        by_status[f"{o[1]} {o[2]}"] = by_status.get(f"{o[1]} {o[2]}", 0) + 1
    return len(posts), by_status


def verdict(name, ok, figures):
    load_avg = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"{'PASS' if ok else 'FAIL'} {name}: {figures} (load average {load_avg})", flush=True)
    return ok


# --- scenarios ---------------------------------------------------------------------------------
def zero_loss(token, a):
    marker = f"zl-{int(time.time())}"
    out, _e = load(token, a.clients, a.seconds, marker)
    posts, by_status = summary(out)
    rows = check_rows(marker, out)
    failures = sum(n for k, n in by_status.items() if not k.endswith(" 200"))
    figures = {
        "clients": a.clients,
        "seconds": a.seconds,
        "posts_per_s": round(posts / a.seconds, 1),
        "responses": by_status,
        **rows,
    }
    ok = failures == 0 and rows["missing"] == rows["duplicates"] == rows["rows_without_success"] == 0
    return verdict("zero_loss", ok and rows["successes"] > 0, figures)


def pg_restart(token, a):
    marker = f"pg-{int(time.time())}"
    seconds = max(30, a.seconds // 2)

    def during():
        time.sleep(seconds / 3)
        down = time.monotonic()
        pg_stop()
        time.sleep(a.pg_outage)
        pg_start()
        return {"down": down, "up": time.monotonic()}

    out, ev = load(token, a.clients, seconds, marker, during)
    posts, by_status = summary(out)
    rows = check_rows(marker, out)
    emails = emails_after_sweep(marker)
    errors = [o for o in out if o[2] >= 500 and o[2] != 503]
    not_chinese = [o for o in out if o[2] == 503 and "请稍后再试" not in o[5]]
    after = sorted(o[0] for o in out if o[1] == "POST" and o[2] == 200 and o[0] >= ev["up"])
    recovery = round(after[0] - ev["up"], 1) if after else None
    figures = {
        "clients": a.clients,
        "outage_s": a.pg_outage,
        "responses": by_status,
        "recovery_s": recovery,
        **rows,
        **emails,
    }
    ok = (
        not errors
        and not not_chinese
        and rows["missing"] == rows["duplicates"] == rows["rows_without_success"] == 0
        and recovery is not None
        and recovery <= 10
        and emails["emails_missing"] == emails["emails_sent_twice"] == emails["still_pending"] == 0
    )
    return verdict("pg_restart", ok, figures)


def emails_by_body():
    """How many emails went out for each message, by its body (first line of each email's text)."""
    from collections import Counter

    counts = Counter()
    for path in glob.glob(f"{MAIL}/*.log"):
        text = open(path, encoding="utf-8", errors="replace").read()
        for mail in text.split("-" * 79):
            parts = mail.split("\n\n", 1)
            if len(parts) == 2 and parts[1].strip():
                counts[parts[1].strip().splitlines()[0]] += 1
    return counts


SWEEP = "import django; django.setup(); from notifications.tasks import sweep; sweep(limit=100000)"


def emails_after_sweep(marker, wait=60):
    """Run the sweep (what the beat does every minute) and wait for the worker: every stored message of
    this scenario has its email, none twice, none still pending. An email whose claim an outage left
    behind must be handed back, not held until its lease ends (the row left pending after pg_restart in
    the first full run). Also reports emails sent twice over the whole run and other scenarios' rows
    still pending."""
    from django.db import close_old_connections

    from notifications.models import EmailStatus, Notification

    sh(sys.executable, "-c", SWEEP, cwd=ROOT, env=ENV)
    texts = {b for b, _d in stored(marker)}
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        mails = emails_by_body()
        if all(mails[t] for t in texts):
            break
        time.sleep(2)
    time.sleep(3)  # anything sent twice would show up by now
    mails = emails_by_body()
    close_old_connections()
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
    return {
        "emails_sent": sum(mails[t] for t in texts),
        "emails_missing": sum(1 for t in texts if mails[t] == 0),
        "emails_sent_twice": sum(1 for t in texts if mails[t] > 1),
        "emails_sent_twice_whole_run": sum(1 for n in mails.values() if n > 1),
        "still_pending": pending.filter(body__startswith=marker + " ").count(),
        "pending_from_other_scenarios": pending.exclude(body__startswith=marker + " ").count(),
    }


def redis_stop_scenario(token, a):
    marker = f"rd-{int(time.time())}"
    seconds = a.redis_outage + 20

    def during():
        time.sleep(10)
        redis_stop()
        time.sleep(a.redis_outage)
        redis_start()
        return {}

    out, _e = load(token, max(20, a.clients // 4), seconds, marker, during)
    posts, by_status = summary(out)
    rows = check_rows(marker, out)
    errors = [o for o in out if o[2] >= 500 or o[1] == "ERR"]
    # What the beat does every minute, now: the sweep sends what the outage held back (the worker may be
    # sending some of the same at this moment: each email is claimed once). Other scenarios' pending
    # rows are reported, not counted against this one.
    emails = emails_after_sweep(marker)
    figures = {"clients": max(20, a.clients // 4), "outage_s": a.redis_outage, "responses": by_status, **rows, **emails}
    ok = (
        not errors
        and rows["missing"] == rows["duplicates"] == rows["rows_without_success"] == 0
        and emails["emails_missing"] == emails["emails_sent_twice_whole_run"] == emails["still_pending"] == 0
    )
    return verdict("redis_stop", ok, figures)


STAFF_TOTP_KEY = [""]


def _second_step(port, csrf, sessionid):
    """Type the TOTP code (RFC 6238, from the device key the seed printed) on the code page; the
    session id after it (the second factor gives the session a new key)."""
    from binascii import unhexlify

    from django_otp.oath import totp

    cookies = {"Cookie": f"csrftoken={csrf}; sessionid={sessionid}"}
    _st, html, _c = request(port, "GET", "/accounts/2fa/verify/", headers=cookies)
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not field:
        return None
    code = f"{totp(unhexlify(STAFF_TOTP_KEY[0])):06d}"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": field.group(1), "code": code})
    headers = {
        **cookies,
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}/accounts/2fa/verify/",
    }
    _st, _h, cookie = request(port, "POST", "/accounts/2fa/verify/", body, headers)
    return re.search(r"sessionid=([^;]+)", cookie)


def two_servers(token, a):
    from tests.factories import PASSWORD

    a_port, b_port = WEB_PORTS
    status, html, cookie = request(a_port, "GET", "/accounts/login/")
    csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": field, "username": "faults_staff", "password": PASSWORD})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
        "Referer": f"http://127.0.0.1:{a_port}/accounts/login/",
    }
    status, _h, cookie = request(a_port, "POST", "/accounts/login/", body, headers)
    session = re.search(r"sessionid=([^;]+)", cookie)
    if session:  # the second step, on server a too: the code of the staff member's device
        session = _second_step(a_port, csrf, session.group(1)) or session
    logged_in_on_b = False
    if session:
        st, page, _c = request(b_port, "GET", "/workbench/", headers={"Cookie": f"sessionid={session.group(1)}"})
        logged_in_on_b = st == 200  # an anonymous visitor is redirected to the login page
    # The tracking lookup allows 30 per address per 10 minutes, counted in Redis: alternate servers.
    limited_at = None
    for i in range(1, 41):
        port = WEB_PORTS[i % 2]
        st, html, cookie = request(port, "GET", "/messages/track/")
        csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": field, "code": "AAAAA-BBBBB-CCCCC-DDDDD"})
        hdrs = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{port}/messages/track/",
        }
        st, page, _c = request(port, "POST", "/messages/track/", body, hdrs)
        if "查询过于频繁" in page:
            limited_at = i
            break
    figures = {"login_on_A_valid_on_B": logged_in_on_b, "lookup_limited_at": limited_at}
    return verdict("two_servers", logged_in_on_b and limited_at == 31, figures)


def aged_messages(prefix, n):
    """n unanswered messages 20 days old: due for the deputy's reminder (7 days) and the flag to staff (14)."""
    import datetime

    from django.db import close_old_connections
    from django.utils import timezone

    from citizen_messages.models import Message, Status
    from citizen_messages.services import digest, tracking_code_for
    from deputies.models import Deputy

    close_old_connections()
    deputy = Deputy.objects.filter(user__isnull=False).first()
    old = timezone.now() - datetime.timedelta(days=20)
    Message.objects.bulk_create(
        Message(
            deputy=deputy,
            region_id=deputy.region_id,
            body=f"{prefix} #{i}",
            status=Status.NEW,
            nonce=f"{prefix}-{i}",
            tracking_digest=digest(tracking_code_for(f"{prefix}-{i}")),
        )
        for i in range(n)
    )
    rows = Message.objects.filter(body__startswith=f"{prefix} #")
    rows.update(created_at=old)  # created_at is auto_now_add: age them after the insert
    return [f"citizen_messages.message:{pk}" for pk in rows.values_list("pk", flat=True)]


def reminders_of(targets):
    """(log rows, notifications) for the reminders of these messages; each must be 2 per message."""
    from django.db import close_old_connections

    from core.models import ReminderLog
    from notifications.models import Notification

    close_old_connections()
    ids = [t.rsplit(":", 1)[1] for t in targets]
    logs = ReminderLog.objects.filter(target__in=targets).count()
    links = [f"/messages/inbox/{pk}/" for pk in ids] + [f"/messages/staff/{pk}/" for pk in ids]
    notes = Notification.objects.filter(kind__in=["citizen_messages.remind", "citizen_messages.flag"], link__in=links)
    return logs, notes.count()


def wait_for(targets, expected, seconds=240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        logs, notes = reminders_of(targets)
        if logs >= expected:
            break
        time.sleep(1)
    time.sleep(3)  # a second sender, if there were one, would add its rows by now
    return reminders_of(targets)


def sweep_task():
    from renda_portal.celery import app

    app.send_task("citizen_messages.tasks.daily_sweep")


def worker_kill(token, a):
    targets = aged_messages(f"wk-{int(time.time())}", a.batch)
    sweep_task()
    time.sleep(a.kill_after)  # the worker is inside the batch now (one transaction per reminder rule)
    stop("worker", signal.SIGKILL)
    logs_after_kill, notes_after_kill = reminders_of(targets)
    worker()
    sweep_task()  # the beat's next run (the killed task's message waits for Redis' visibility timeout)
    logs, notes = wait_for(targets, 2 * len(targets))
    figures = {
        "messages": len(targets),
        "left_by_the_killed_worker": [logs_after_kill, notes_after_kill],
        "log_rows": logs,
        "notifications": notes,
        "expected_each": 2 * len(targets),
    }
    # What the killed worker left must be whole: each rule's transaction committed with every log row and
    # its notification, or not at all (0, n or 2n rows; seen: n, the first rule done, the second cut off).
    whole = logs_after_kill == notes_after_kill and logs_after_kill % len(targets) == 0
    ok = whole and logs == notes == 2 * len(targets)
    return verdict("worker_kill", ok, figures)


def two_beats(token, a):
    targets = aged_messages(f"tb-{int(time.time())}", a.batch)
    # Two beats fire the same schedule at the same moment; two workers (concurrency 2) take both.
    sweep_task()
    sweep_task()
    logs, notes = wait_for(targets, 2 * len(targets))
    figures = {"messages": len(targets), "log_rows": logs, "notifications": notes, "expected_each": 2 * len(targets)}
    return verdict("two_beats", logs == notes == 2 * len(targets), figures)


SCENARIOS = {
    "zero_loss": zero_loss,
    "pg_restart": pg_restart,
    "redis_stop": redis_stop_scenario,
    "two_servers": two_servers,
    "worker_kill": worker_kill,
    "two_beats": two_beats,
}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (default: all)")
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--pg-outage", type=float, default=5)
    p.add_argument("--redis-outage", type=int, default=120)
    p.add_argument("--batch", type=int, default=1000, help="messages due for reminders in worker_kill/two_beats")
    p.add_argument("--kill-after", type=float, default=1.5, help="seconds between the sweep's start and the kill")
    a = p.parse_args()
    unknown = set(a.scenarios) - set(SCENARIOS)
    if unknown:
        p.error(f"unknown scenario: {', '.join(sorted(unknown))}")
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(2))  # `timeout` or kill: still tear down
    try:
        token = setup()
        import django

        django.setup()
        results = [SCENARIOS[name](token, a) for name in (a.scenarios or SCENARIOS)]
    finally:
        teardown()
    print(f"total {time.monotonic() - started:.0f} s", flush=True)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
