"""The dashboard's main journeys in a real browser (Debian's chromium, driven by Selenium).

Run by scripts/browser-tests.sh against `segmenta serve` over a generated demo workspace, with the
users admin, analyst, campaign and frontline (password `journey-<name>-password`). Each journey
prints PASS or FAIL; a screenshot of every page goes to --screenshots; the run ends with
"N passed, N failed" and exits 1 when any journey failed.
"""

import argparse
import base64
import csv
import io
import json
import os
import random
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

PAGES = ["/", "/data", "/segments", "/segments/demo", "/value", "/rules", "/tags", "/tags/stock_investor",
         "/campaigns", "/campaigns/stock_app", "/customers?id=C0000001", "/engines", "/jobs"]


def password(user):
    return f"journey-{user}-password"


class Browser:
    """One headless chromium with its console log collected."""

    def __init__(self, base, screenshots):
        self.base = base
        self.screenshots = screenshots
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        options.add_argument("--headless=new")
        options.add_argument("--disable-gpu")
        options.add_argument("--disable-dev-shm-usage")
        options.add_argument("--window-size=1280,1000")
        options.add_argument("--lang=zh-CN")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            options.add_argument("--no-sandbox")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(60)
        self.console = []

    def quit(self):
        self.driver.quit()

    def open(self, path):
        self.driver.get(self.base + path)
        self.wait_ready()

    def wait_ready(self, timeout=20):
        WebDriverWait(self.driver, timeout).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
            and d.execute_script("return document.documentElement.dataset.ready === 'true'"))
        self.collect_console()

    def collect_console(self):
        self.console.extend(self.driver.get_log("browser"))

    def find(self, selector, timeout=20):
        return WebDriverWait(self.driver, timeout).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def visible(self, selector, timeout=20):
        return WebDriverWait(self.driver, timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))

    def until(self, condition, timeout=20, message=""):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(
            lambda d: condition(), message)

    def text(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def shot(self, name):
        """A screenshot of the whole page (up to 8,000 px tall), not only the window."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = metrics["cssLayoutViewport"]["clientWidth"]
        height = min(8000, max(1, int(size["height"])))
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(os.path.join(self.screenshots, f"{name}.png"), "wb") as file:
            file.write(base64.b64decode(shot["data"]))

    def status_of(self, path):
        """The HTTP status of a GET of `path` in this browser's session (fetch, same origin)."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));",
            path)

    def post(self, path, body=None, form=None):
        """POSTs from the page with the session's CSRF token: JSON `body`, or url-encoded `form` with _csrf."""
        return self.driver.execute_async_script(
            """
            const [path, body, form, done] = arguments;
            const token = document.querySelector('meta[name="csrf-token"]').content;
            let init = {method: 'POST', credentials: 'same-origin', headers: {'X-CSRF-Token': token}};
            if (form) {
              const fields = new URLSearchParams(form);
              fields.set('_csrf', token);
              init = {method: 'POST', credentials: 'same-origin',
                      headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: fields};
            } else if (body) {
              init.headers['Content-Type'] = 'application/json';
              init.body = JSON.stringify(body);
            }
            fetch(path, init).then(async r => done({status: r.status, text: await r.text()}),
                                   e => done({status: 0, text: String(e)}));
            """, path, body, form)

    def sign_in(self, user):
        self.driver.delete_all_cookies()
        self.open("/login")
        self.driver.find_element(By.ID, "login-name").send_keys(user)
        self.driver.find_element(By.ID, "login-password").send_keys(password(user))
        self.driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
        self.until(lambda: "/login" not in self.driver.current_url, message="sign-in did not leave /login")
        self.wait_ready()

    def sign_out(self):
        self.driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        self.until(lambda: "/login" in self.driver.current_url, message="sign-out did not reach /login")
        self.wait_ready()


def follow_job(browser, form_selector, timeout=150, expect="succeeded"):
    """Submits a job form and waits for its end, which must be `expect`; returns (final state, texts seen)."""
    browser.driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()
    status = f"{form_selector} .job-status"
    seen = []
    deadline = time.time() + timeout
    state = ""
    while time.time() < deadline:
        state = browser.driver.find_element(By.CSS_SELECTOR, status).get_attribute("data-state") or ""
        text = browser.driver.find_element(By.CSS_SELECTOR, f"{status} .job-text").text
        if text and (not seen or seen[-1] != text):
            seen.append(text)
        if state in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.03)
    if state != expect:
        raise AssertionError(f"the job ended {state or 'never'}: {seen[-3:]}")
    return state, seen


def journey_sign_in(b):
    b.driver.delete_all_cookies()
    b.open("/segments")
    assert b.driver.find_elements(By.ID, "login-form"), "an unauthenticated page shows the sign-in form"
    b.shot("login")
    b.driver.find_element(By.ID, "login-name").send_keys("admin")
    b.driver.find_element(By.ID, "login-password").send_keys("not-the-password")
    b.driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    b.wait_ready()
    assert "wrong" in b.text(".notice.error"), "a wrong password is refused with a message"
    b.driver.find_element(By.ID, "login-name").send_keys("admin")
    b.driver.find_element(By.ID, "login-password").send_keys(password("admin"))
    b.driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    b.until(lambda: b.driver.current_url.endswith("/segments"), message="sign-in returns to the page asked for")
    b.wait_ready()
    b.open("/")
    metrics = b.text("#overview-metrics")
    assert "3,000" in metrics, f"the overview counts the demo's customers: {metrics}"
    nav = b.text("nav.areas")
    for area in ["Overview", "Data", "Segments", "Value", "Churn", "Rules", "Tags", "Campaigns", "Customers", "Jobs"]:
        assert area in nav, f"an administrator sees {area}"
    b.shot("overview")


def journey_upload_customers(b):
    path = os.path.join(ARGS.work, "new-customers.csv")
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["customer_id", "gender", "age", "city", "brand", "plan_code", "start_date", "arpu", "phone",
                         "email", "sms_opt_out", "call_opt_out", "email_opt_out"])
        for index in range(1, 51):
            writer.writerow([f"N{index:04d}", rng.choice("MF"), rng.randint(18, 70), rng.choice(["北京", "上海", "广州"]),
                             "全球通", "G288", "2021-03-04", f"{rng.uniform(20, 300):.2f}",
                             f"139{rng.randint(10000000, 99999999)}", "", "no", "no", "no"])
    b.open("/data")
    b.driver.find_element(By.ID, "customers-file").send_keys(path)
    b.driver.find_element(By.CSS_SELECTOR, "#customers-upload-form button[type=submit]").click()
    table = b.visible("#customers-preview #preview-table", timeout=30)
    types = table.find_element(By.CSS_SELECTOR, "tr.types").text
    assert "integer" in types and "decimal" in types, f"the preview shows inferred types: {types}"
    assert "personal" in types, f"the preview marks the phone column personal: {types}"
    assert "***" in table.text, "personal values are masked in the preview"
    b.shot("data-preview")
    follow_job(b, "#customers-import-form")
    b.open("/")
    assert "3,050" in b.text("#overview-metrics"), "the 50 new customers were imported"
    b.open("/data")
    b.shot("data")


def journey_segmentation(b):
    b.open("/segments")
    b.shot("segments")
    b.driver.find_element(By.ID, "segment-name").send_keys("browser")
    k = b.driver.find_element(By.CSS_SELECTOR, "#segment-form input[name=k_range]")
    k.clear()
    k.send_keys("2..6")
    _, seen = follow_job(b, "#segment-form", timeout=170)
    assert any(":" in text and "Job" in text and "queued" not in text for text in seen), \
        f"the job's progress was shown while it ran: {seen}"
    b.driver.find_element(By.CSS_SELECTOR, "#segment-form ~ .job-after a, .job-after a").click()
    b.find("#versions")
    b.wait_ready()
    assert "/segments/browser" in b.driver.current_url
    assert b.driver.find_elements(By.CSS_SELECTOR, ".cards .profile"), "the explorer shows profile cards"
    b.shot("segment-explorer")


def journey_kprototypes(b):
    b.open("/segments")
    form = b.driver.find_element(By.ID, "segment-form")
    b.driver.find_element(By.ID, "segment-name").send_keys("mixed")
    Select(form.find_element(By.NAME, "method")).select_by_value("kprototypes")
    form.find_element(By.NAME, "categorical").send_keys("brand,city,plan_code")
    k = form.find_element(By.NAME, "k")
    k.clear()
    k.send_keys("4")
    follow_job(b, "#segment-form", timeout=170)
    b.driver.find_element(By.CSS_SELECTOR, "#segment-form ~ .job-after a, .job-after a").click()
    b.find("#prototypes")
    b.wait_ready()
    assert "/segments/mixed" in b.driver.current_url
    metrics = b.text(".metrics")
    assert "γ (gamma)" in metrics and "Cost" in metrics, f"the explorer shows γ and the cost: {metrics}"
    modes = [row for row in table_rows(b, "#prototypes table") if row]
    assert len(modes) == 4 and all(len(row) == 6 for row in modes), f"one row of modes per cluster: {modes}"
    cards = b.driver.find_elements(By.CSS_SELECTOR, ".cards .profile")
    assert len(cards) == 4, "the explorer shows a profile card per segment"
    assert "Top brand" in cards[0].text, f"the card shows the brand's top values: {cards[0].text[:200]}"
    b.shot("segment-kprototypes")


def journey_rename(b):
    b.open("/segments/demo")
    form = b.driver.find_element(By.CSS_SELECTOR, "#segment-1 form.rename")
    field = form.find_element(By.NAME, "label")
    field.clear()
    field.send_keys("浏览器组 / Browser group")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.until(lambda: "done=renamed" in b.driver.current_url, message="the rename returns to the explorer")
    b.wait_ready()
    heading = b.text("#segment-1 .card h3")
    assert "浏览器组" in heading, f"the card shows the new name: {heading}"
    assert "Browser group" in b.text("#segment-1 .card .en")


def journey_migration(b):
    b.open("/segments/demo")
    form = b.driver.find_element(By.ID, "refresh-form")
    Select(form.find_element(By.NAME, "period")).select_by_value("2024Q2")
    form.find_element(By.NAME, "where").send_keys("recency_days <= 30")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.until(lambda: "done=refreshed" in b.driver.current_url, timeout=60, message="the refresh opens the new version")
    b.wait_ready()
    assert "scores period 2024Q2" in b.text(".notice"), "the refresh is confirmed"
    summary = b.text("#migration-summary")
    assert "stayed in their segment" in summary and "gone" in summary, f"the migration summary: {summary}"
    version = int(b.driver.current_url.split("version=")[1].split("&")[0])
    shown = b.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done(String(e)));",
        f"/api/v1/segmentations/demo/migration?to={version}")
    migration = shown["migration"]
    assert shown["from"]["version"] == 1 and shown["linked"], f"v{version} refreshes v1: {shown['from']}"
    assert migration["exits"] > 0 and migration["movers"] > 0, f"churners leave and some customers move: {migration}"
    # The page's matrix holds the same counts as the API.
    rows = b.driver.find_elements(By.CSS_SELECTOR, "#migration table.flows tr")
    cells = [[cell.text.split(" ")[0].replace(",", "") for cell in row.find_elements(By.TAG_NAME, "td")]
             for row in rows[1:1 + len(migration["flows"])]]
    page_flows = [[int(value) for value in row[2:2 + len(migration["flows"][0])]] for row in cells]
    assert page_flows == migration["flows"], f"the page's flow matrix is the API's: {page_flows} vs {migration['flows']}"
    assert sum(map(sum, page_flows)) + migration["exits"] == 3000, "every customer of v1 stayed, moved or left"
    assert b.driver.find_elements(By.CSS_SELECTOR, "#migration svg[aria-label='segment flows'] path"), "the flow bands"
    assert f"{migration['movers']:,} movers" in b.text("#movers-form"), "the movers download counts them"
    exported = b.post("/segments/demo/movers", form={"from": "1", "to": str(version)})
    assert exported["status"] == 200, f"the movers download: {exported['status']}"
    movers = list(csv.DictReader(io.StringIO(exported["text"])))
    assert len(movers) == migration["movers"], f"{len(movers)} movers downloaded, {migration['movers']} counted"
    assert all(row["from_segment"] != row["to_segment"] for row in movers), "movers changed segment"
    b.shot("segments-migration")


def journey_stability(b):
    b.open("/segments/demo")
    assert "Not measured yet." in b.text("#stability"), "no stability before the form runs"
    cards = len(b.driver.find_elements(By.CSS_SELECTOR, ".card h3"))
    form = b.driver.find_element(By.ID, "stability-form")
    form.find_element(By.NAME, "bootstrap").send_keys("3")
    form.find_element(By.NAME, "seeds").send_keys("1")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.until(lambda: "done=stability" in b.driver.current_url, timeout=180, message="stability returns to the explorer")
    b.wait_ready()
    assert "Stability measured over 3 resamples." in b.text(".notice"), "the run is confirmed"
    rows = table_rows(b, "#stability-table")
    assert len(rows) == cards and cards > 0, f"one row a segment ({cards}): {rows}"
    for row in rows:
        jaccard = number(row[2])
        assert jaccard is not None and 0 <= jaccard <= 1, f"a mean Jaccard in [0, 1]: {row}"
        assert row[3] in ("dissolved", "unclear", "stable", "highly stable"), f"Hennig's reading: {row}"
        assert row[3] != "highly stable" or jaccard >= 0.85, f"the reading follows the Jaccard: {row}"
        assert row[4].endswith(" of 3"), f"dissolved in some of the 3 resamples: {row}"
    summary = b.text("#stability-summary")
    assert "over 3 bootstrap resamples; agreement with 1 other seeds" in summary, f"the summary: {summary}"
    notes = [element.text for element in b.driver.find_elements(By.CSS_SELECTOR, ".notice")]
    assert any("bootstrap resamples (`segmenta segments stability`)" in note or
               "bootstrap resamples (segmenta segments stability)" in note for note in notes), \
        f"the report notes the stability: {notes}"
    b.shot("segments-stability")

    # The latest version (the refresh on the second quarter) against the first.
    form = b.driver.find_element(By.ID, "compare-form")
    Select(form.find_element(By.NAME, "compare")).select_by_value("demo@1")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.until(lambda: "compare=demo%401" in b.driver.current_url or "compare=demo@1" in b.driver.current_url,
            message="the comparison is asked for")
    b.wait_ready()
    table = table_rows(b, "#compare-table")
    assert len(table) == cards + 1, f"one row a segment and the customers only in v1: {table}"
    in_both = sum(int(number(cell)) for row in table[:-1] for cell in row[1:-1])
    summary = b.text("#compare-summary")
    assert summary.startswith(f"{in_both:,} customers in both"), f"the summary counts the table: {summary} ({in_both})"
    ari = number(summary.split("adjusted Rand index ")[1].split(" ")[0])
    assert 0.3 < ari <= 1, f"a refresh mostly keeps its segments: {summary}"
    matches = table_rows(b, "#compare-matches")
    assert len(matches) == cards, f"every segment matched once: {matches}"
    assert len({row[1] for row in matches}) == cards, f"one to one: {matches}"


# A matrix spec for the telecom demo's columns (the pre-filled example reads the company demo's).
TELECOM_MATRIX = """attractiveness:
  - label: {zh: 规模, en: Segment size}
    size: share
    weight: 1
    linear: {min: 0, max: 0.1}
  - label: {zh: 平均ARPU, en: Mean ARPU}
    mean: arpu
    weight: 2
    linear: {min: 30, max: 150}
capabilities:
  sales: {by: brand, scores: {全球通: 2, 动感地带: 1, 神州行: 0}, default: 1}
  design: 1
  supply_chain: 2
  delivery: {by: city, default: 1}
quadrants: {attractiveness: 5, fit: 1.2}
"""


def journey_cube_and_assess(b):
    b.open("/segments")
    b.driver.find_element(By.ID, "segment-name").send_keys("cube")
    Select(b.driver.find_element(By.ID, "segment-method")).select_by_value("cube")
    b.driver.find_element(By.ID, "segment-dimensions").send_keys("brand,city")
    b.driver.find_element(By.ID, "segment-min-size").send_keys("40")
    follow_job(b, "#segment-form", timeout=120)
    b.driver.find_element(By.CSS_SELECTOR, "#segment-form ~ .job-after a, .job-after a").click()
    b.find("#versions")
    b.wait_ready()
    assert "/segments/cube" in b.driver.current_url
    cells = [row for row in table_rows(b, "#cube table.cube") if row]
    cards = len(b.driver.find_elements(By.CSS_SELECTOR, ".card h3"))
    assert len(cells) == cards and cards >= 2, f"one row a segment ({cards}): {cells}"
    sizes = [int(number(row[-2])) for row in cells]
    customers = int(number(b.text("p.summary").split(" customers")[0]))
    assert sum(sizes) == customers, f"every customer is in a cell: {sizes} of {customers}"
    kept = [size for row, size in zip(cells, sizes) if "cells with fewer than" not in row[1]]
    assert kept == sorted(kept, reverse=True) and min(kept) >= 40, f"cells largest first, none below 40: {kept}"
    assert " · " in cells[0][0], f"a cell is named after its values: {cells[0]}"

    assert "Not assessed yet." in b.text("#assessment")
    spec = b.driver.find_element(By.ID, "assess-spec")
    assert "supply_chain" in spec.get_attribute("value"), "the form is pre-filled with the example matrix"
    b.driver.execute_script("arguments[0].value = arguments[1];", spec, TELECOM_MATRIX)
    b.driver.find_element(By.CSS_SELECTOR, "#assess-form button[type=submit]").click()
    b.until(lambda: "done=assessed" in b.driver.current_url, timeout=60, message="the assessment returns to the explorer")
    b.wait_ready()
    bubbles = b.driver.find_elements(By.CSS_SELECTOR, "#assessment svg.assessment-matrix circle")
    assert len(bubbles) == cards, f"one bubble a segment: {len(bubbles)} of {cards}"
    ranking = [row for row in table_rows(b, "#assessment table.assessment") if row]
    assert len(ranking) == cards and [row[0] for row in ranking] == [str(i + 1) for i in range(cards)], ranking
    scores = [number(row[3]) for row in ranking]
    assert scores == sorted(scores, reverse=True) and all(0 <= x <= 10 for x in scores), f"ranked: {scores}"
    shown = b.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done(String(e)));",
        "/api/v1/segmentations/cube/assess")
    targets = [row["segment"] for row in shown["assessment"]["rows"] if row["quadrant"] == "target"]
    summary = b.text("#assessment-summary")
    assert summary.startswith(f"{len(targets)} target segment"), f"the page and the API agree: {summary} / {targets}"
    assert shown["svg"].startswith("<svg"), "the API returns the matrix"
    b.shot("segments-assess")


def journey_rules(b):
    b.open("/rules")
    area = b.driver.find_element(By.ID, "rule-text")
    area.send_keys("arpu > 100")
    b.until(lambda: "customers match" in b.text("#rule-count"), message="the count appears")
    first = b.text("#rule-count")
    area.send_keys(" and age < 30")
    b.until(lambda: "customers match" in b.text("#rule-count") and b.text("#rule-count") != first,
            message="the count changes as the rule changes")
    second = b.text("#rule-count")
    assert int(second.split(" of ")[0].replace(",", "")) < int(first.split(" of ")[0].replace(",", "")), \
        f"a narrower rule matches fewer: {first} → {second}"
    area.send_keys(" and citty = 1")
    b.until(lambda: b.driver.find_element(By.ID, "rule-error").is_displayed(), message="an error is shown")
    error = b.text("#rule-error")
    lines = error.split("\n")
    assert "citty" in error and lines[-1].strip() == "^", f"the error has a caret line: {error!r}"
    caret = len(lines[-1]) - 1
    assert lines[-2][caret:].startswith("citty"), f"the caret is under the mistake: {error!r}"
    b.shot("rules")


def fetch_text(b, path):
    """{status, text, type} of a GET of `path` in this browser's session."""
    return b.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => done({status: r.status, "
        "text: await r.text(), type: r.headers.get('content-type')}), e => done({status: 0, text: String(e)}));",
        path)


def journey_engines(b):
    b.sign_in("analyst")
    b.open("/engines")
    Select(b.find("#engines-model select[name=segmentation]")).select_by_value("demo")
    Select(b.find("#engines-model select[name=target]")).select_by_value("postgres")
    b.driver.find_element(By.CSS_SELECTOR, "#engines-model button[type=submit]").click()
    b.wait_ready()
    shown = b.text("#compiled-text")
    api = json.loads(b.post("/api/v1/compile/model", body={"segmentation": "demo", "target": "postgres"})["text"])
    assert "AS MATERIALIZED" in shown and "AS segment_name" in shown, f"the PostgreSQL query is shown: {shown[:200]}"
    lines = [line.rstrip() for line in api["sql"].strip().splitlines()]
    assert [line.rstrip() for line in shown.strip().splitlines()] == lines, "the page shows the API's query"
    download = fetch_text(b, b.driver.find_element(By.ID, "compiled-download").get_attribute("href"))
    assert download["status"] == 200 and download["text"] == api["sql"], "the download is the query itself"
    b.shot("engines-model")

    # A rule with '+' and spaces survives the form's encoding; Spark quotes with back-quotes.
    rule = "arpu + 10 > 100 and segment(demo) in [1, 2]"
    area = b.find("#engines-rule textarea[name=rule]")
    area.send_keys(rule)
    Select(b.find("#engines-rule select[name=target]")).select_by_value("spark")
    b.driver.find_element(By.CSS_SELECTOR, "#engines-rule button[type=submit]").click()
    b.wait_ready()
    shown = b.text("#compiled-text")
    api = json.loads(b.post("/api/v1/compile/rule", body={"rule": rule, "target": "spark"})["text"])
    assert "(CAST(c.`arpu` AS DOUBLE) + 10) > 100" in shown and "s1.`segment_id` IN (1, 2)" in shown, \
        f"the rule as Spark SQL: {shown}"
    assert [line.rstrip() for line in shown.strip().splitlines()] == \
        [line.rstrip() for line in api["sql"].strip().splitlines()], "the page shows the API's query"
    assert b.find("#engines-rule textarea[name=rule]").get_attribute("value") == rule, "the form keeps the rule"

    # A mistake is named with its place, on the page.
    area = b.find("#engines-rule textarea[name=rule]")
    area.clear()
    area.send_keys("arpu >")
    b.driver.find_element(By.CSS_SELECTOR, "#engines-rule button[type=submit]").click()
    b.wait_ready()
    assert "column 7" in b.text(".notice.error"), f"the error names the column: {b.text('.notice.error')}"

    Select(b.find("#engines-tags select[name=target]")).select_by_value("duckdb")
    b.driver.find_element(By.CSS_SELECTOR, "#engines-tags button[type=submit]").click()
    b.wait_ready()
    shown = b.text("#compiled-text")
    assert shown.count("INSERT INTO") >= 1 and 'CREATE TABLE "customer_tags"' in shown, f"the tags script: {shown[:300]}"
    pmml = fetch_text(b, "/engines?kind=model&segmentation=demo&target=pmml&download=1")
    assert pmml["status"] == 200 and "<ClusteringModel" in pmml["text"], "the PMML file downloads"
    b.shot("engines-tags")
    engines_wide_table(b)
    engines_value_and_profile(b)
    engines_import_wide_table(b)


def same_lines(shown, sql):
    """Whether the page's text of a query is the query (the page does not keep trailing spaces)."""
    return [line.rstrip() for line in shown.strip().splitlines()] == [line.rstrip() for line in sql.strip().splitlines()]


def compile_on_page(b, form_id, api_path, body):
    """Submits the Engines page's form `form_id`; returns the text shown, which must be the query the API answers
    for `body`, and the API's answer."""
    b.find(f"#{form_id}").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.wait_ready()
    shown = b.text("#compiled-text")
    answer = b.post(api_path, body=body)
    assert answer["status"] == 200, f"{api_path}: {answer['status']} {answer['text'][:300]}"
    api = json.loads(answer["text"])
    assert same_lines(shown, api["sql"]), f"the page shows the query of {api_path}: {shown[:300]}"
    return shown, api


ENGINES_SPEC = """events: {customer_id: customer_id, timestamp: timestamp, type: event_type}
reference_date: 2024-03-31
features:
  - name: calls
    aggregate: count
    where: {type: call}
  - name: messages
    aggregate: count
    where: {type: sms}
  - name: mean_call_seconds
    aggregate: mean
    of: duration
    where: {type: call}
  - name: call_share
    share: [calls, messages]
"""


def engines_wide_table(b):
    # A pasted spec: the page shows the API's query, and its download is the query itself.
    b.open("/engines")
    form = b.find("#engines-features")
    b.driver.execute_script("arguments[0].value = arguments[1];", form.find_element(By.NAME, "spec"), ENGINES_SPEC)
    Select(form.find_element(By.NAME, "target")).select_by_value("postgres")
    shown, api = compile_on_page(
        b, "engines-features", "/api/v1/compile/features", {"spec": ENGINES_SPEC, "target": "postgres"})
    assert [feature["name"] for feature in api["features"]] == ["calls", "messages", "mean_call_seconds", "call_share"]
    assert '"mean_call_seconds"' in shown and "customer_id" in shown, f"the wide table as PostgreSQL: {shown[:300]}"
    assert "4 features" in b.text("#compiled h2"), b.text("#compiled h2")
    download = post_form(b, "compiled-download-form")
    assert download["status"] == 200 and download["text"] == api["sql"], "the download is the query itself"
    assert b.find("#engines-features textarea[name=spec]").get_attribute("value").strip() == ENGINES_SPEC.strip(), \
        "the form keeps the spec"
    b.shot("engines-features")

    # Without a pasted spec, the spec stored with a period: the latest, the demo's second quarter.
    form = b.find("#engines-features")
    b.driver.execute_script("arguments[0].value = '';", form.find_element(By.NAME, "spec"))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.wait_ready()
    title = b.text("#compiled h2")
    assert "features of period 2024Q2's spec" in title and int(title.split()[0]) > 30, f"the stored spec: {title}"

    # A mistake is named with its line on the page, and the API answers 422 with the line.
    bad = ENGINES_SPEC.replace("aggregate: mean", "aggregate: meen")
    form = b.find("#engines-features")
    b.driver.execute_script("arguments[0].value = arguments[1];", form.find_element(By.NAME, "spec"), bad)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.wait_ready()
    notice = b.text(".notice.error")
    line = next(index for index, text in enumerate(bad.splitlines(), start=1) if "meen" in text)
    assert f"spec:{line}:" in notice and "meen" in notice, f"the error names line {line}: {notice}"
    refused = b.post("/api/v1/compile/features", body={"spec": bad})
    error = json.loads(refused["text"])["error"]
    assert refused["status"] == 422 and error["line"] == line, f"the API names the line: {refused['text'][:300]}"
    b.shot("engines-features-error")


def engines_value_and_profile(b):
    # The demo's value table over a transaction table, for Spark; the link downloads the query.
    b.open("/engines")
    Select(b.find("#engines-value select[name=target]")).select_by_value("spark")
    shown, api = compile_on_page(b, "engines-value", "/api/v1/compile/value", {"target": "spark"})
    assert "p_alive" in api["columns"] and "p_alive" in shown, f"the lifetime-value columns: {api['columns']}"
    download = fetch_text(b, b.driver.find_element(By.ID, "compiled-download").get_attribute("href"))
    assert download["status"] == 200 and download["text"] == api["sql"], "the value query downloads"
    b.shot("engines-value")

    # The demo segmentation's profile statistics; the form posts again to download.
    Select(b.find("#engines-profile select[name=segmentation]")).select_by_value("demo")
    shown, api = compile_on_page(b, "engines-profile", "/api/v1/compile/profile", {"segmentation": "demo"})
    assert api["segments"] >= 2 and "statistic" in shown, f"the statistics query: {shown[:300]}"
    download = post_form(b, "compiled-download-form")
    assert download["status"] == 200 and download["text"] == api["sql"], "the profile query downloads"
    b.shot("engines-profile")

    # The demo campaign's target list: its frequency cap needs the contacts table, named in the error until given.
    b.open("/engines")
    form = b.find("#engines-campaign")
    form.find_element(By.NAME, "campaign").send_keys("stock_app")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.wait_ready()
    assert "contacts" in b.text(".notice.error"), f"the cap needs the contacts made: {b.text('.notice.error')}"
    form = b.find("#engines-campaign")
    form.find_element(By.NAME, "contacts_table").send_keys("contacts")
    form.find_element(By.NAME, "statuses_table").send_keys("statuses")
    now = form.find_element(By.NAME, "now")
    now.clear()
    now.send_keys("2024-04-01T00:00:00")
    Select(form.find_element(By.NAME, "target")).select_by_value("postgres")
    shown, api = compile_on_page(
        b, "engines-campaign", "/api/v1/compile/campaign",
        {"campaign": "stock_app", "target": "postgres", "contacts_table": "contacts", "statuses_table": "statuses",
         "now": "2024-04-01T00:00:00"})
    assert api["control"] == "random" and "campaign_group" in shown, f"the campaign list: {shown[:300]}"
    download = fetch_text(b, b.driver.find_element(By.ID, "compiled-download").get_attribute("href"))
    assert download["status"] == 200 and download["text"] == api["sql"], "the campaign script downloads"
    b.shot("engines-campaign")


# The spec of two of the demo's features (no window, so no reference date: the imported period is never the
# latest nor the previous period of a build).
IMPORT_SPEC = """events: {customer_id: customer_id, timestamp: timestamp, type: event_type}
features:
  - name: total_call_minutes
    aggregate: sum
    of: duration
    where: {type: [call, ip_call]}
    divide_by: 60
  - name: call_count
    aggregate: count
    where: {type: [call, ip_call]}
"""


def import_wide_table(b, path, expect):
    """Uploads the wide table at `path` on the Data page and runs its import job with IMPORT_SPEC to `expect`;
    returns the job's last text."""
    b.open("/data")
    b.driver.find_element(By.ID, "features-file").send_keys(path)
    b.driver.find_element(By.CSS_SELECTOR, "#features-upload-form button[type=submit]").click()
    form = b.visible("#features-import-form", timeout=30)
    b.until(lambda: form.find_element(By.NAME, "upload").get_attribute("value"), message="the upload is in the form")
    b.driver.execute_script("arguments[0].value = arguments[1];", form.find_element(By.NAME, "spec"), IMPORT_SPEC)
    period = form.find_element(By.NAME, "period")
    period.clear()
    period.send_keys("imported-sample")
    _, seen = follow_job(b, "#features-import-form", expect=expect)
    return seen[-1]


def engines_import_wide_table(b):
    # Two features of 20 customers exported from the workspace import as a period; a broken copy is refused by
    # line and column, and stores nothing.
    exported = b.post("/api/v1/features/export", body={"period": "2024Q2"})
    assert exported["status"] == 200, f"the export: {exported['status']} {exported['text'][:200]}"
    rows = list(csv.DictReader(io.StringIO(exported["text"])))[:20]
    columns = ["customer_id", "total_call_minutes", "call_count"]
    sample = [columns] + [[row[column] for column in columns] for row in rows]
    path = os.path.join(ARGS.work, "wide-sample.csv")
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(",".join(fields) for fields in sample) + "\n")
    sample[2][1] = "abc"
    bad_path = os.path.join(ARGS.work, "wide-broken.csv")
    with open(bad_path, "w", encoding="utf-8") as file:
        file.write("\n".join(",".join(fields) for fields in sample) + "\n")

    text = import_wide_table(b, bad_path, "failed")
    assert "wide-broken.csv:3: column 2 'total_call_minutes'" in text and "expected a number" in text, \
        f"the broken file is refused naming its line and column: {text}"
    b.shot("data-features-import-error")
    import_wide_table(b, path, "succeeded")
    b.driver.find_element(By.CSS_SELECTOR, "#features-import-form .job-after a").click()
    b.wait_ready()
    summary = b.text("#describe p.summary")
    assert "period imported-sample" in summary, f"the imported period is shown: {summary}"
    periods = json.loads(fetch_text(b, "/api/v1/periods")["text"])["items"]
    imported = [period for period in periods if period["label"] == "imported-sample"]
    assert len(imported) == 1 and imported[0]["customer_count"] == 20, f"20 customers imported: {imported}"
    assert imported[0]["feature_count"] == 2 and imported[0].get("reference_date") is None, f"{imported}"
    assert periods[-1]["label"] == "2024Q2", "the imported period is not the latest"
    b.shot("data-features-import")


def post_form(b, form_id):
    """Sends the page's form `form_id` as the browser would (its submit handlers run first) and returns
    {status, text} of the answer, without leaving the page."""
    return b.driver.execute_async_script(
        """
        const [id, done] = arguments;
        const form = document.getElementById(id);
        form.dispatchEvent(new Event('submit', {cancelable: true}));
        fetch(form.action, {method: 'POST', credentials: 'same-origin', body: new URLSearchParams(new FormData(form))})
          .then(async r => done({status: r.status, text: await r.text()}), e => done({status: 0, text: String(e)}));
        """, form_id)


def journey_members(b):
    # A segment's members: the download from the explorer's form holds as many rows as the page counts.
    b.open("/segments/demo?version=1&segment=2")
    paging = b.text("#members p.paging")
    total = int(paging.split(" of ")[1].split()[0].replace(",", ""))
    form = b.find("#segment-members-form")
    assert Select(form.find_element(By.NAME, "segment")).first_selected_option.get_attribute("value") == "2", \
        "the download takes the segment shown"
    ticked = [box.get_attribute("value") for box in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]:checked")
              if box.get_attribute("name").startswith("column.")]
    assert ticked, "the segmentation's first features are ticked by default"
    form.find_element(By.NAME, "columns").send_keys("phone")
    answer = post_form(b, "segment-members-form")
    assert answer["status"] == 200, f"the members download: {answer['status']} {answer['text'][:200]}"
    rows = list(csv.DictReader(io.StringIO(answer["text"])))
    assert len(rows) == total, f"{len(rows)} members downloaded, {total} shown"
    assert list(rows[0].keys()) == ["customer_id"] + ticked + ["phone"], f"the chosen columns: {list(rows[0].keys())}"
    assert all("*" in row["phone"] for row in rows if row["phone"]), "phones are masked without asking to reveal"
    b.shot("segments-members")

    # A rule's members: as many as the editor counts.
    b.open("/rules")
    area = b.driver.find_element(By.ID, "rule-text")
    area.send_keys("arpu > 100 and age < 30")
    b.until(lambda: "customers match" in b.text("#rule-count"), message="the count appears")
    shown = int(b.text("#rule-count").split(" of ")[0].replace(",", ""))
    b.find("#rule-members-form").find_element(By.NAME, "columns").send_keys("arpu, phone")
    answer = post_form(b, "rule-members-form")
    assert answer["status"] == 200, f"the rule's members download: {answer['status']} {answer['text'][:200]}"
    rows = list(csv.DictReader(io.StringIO(answer["text"])))
    assert len(rows) == shown, f"{len(rows)} members downloaded, {shown} counted by the editor"
    assert all(float(row["arpu"]) > 100 for row in rows), "every member satisfies the rule"
    b.shot("rules-members")

    # An analyst may download but not reveal: the phone column stays masked.
    b.sign_out()
    b.sign_in("analyst")
    b.open("/rules")
    form = b.find("#rule-members-form")
    assert not form.find_elements(By.NAME, "reveal"), "no reveal box for a role that may not reveal"
    b.driver.find_element(By.ID, "rule-text").send_keys("arpu > 100")
    form.find_element(By.NAME, "columns").send_keys("phone")
    answer = post_form(b, "rule-members-form")
    rows = list(csv.DictReader(io.StringIO(answer["text"])))
    assert answer["status"] == 200 and rows, f"the analyst's download: {answer['status']}"
    assert all("*" in row["phone"] for row in rows if row["phone"]), "the analyst sees masked phones"
    refused = b.post("/rules/members", form={"rule": "arpu > 100", "columns": "phone", "reveal": "on"})
    assert refused["status"] == 403, f"revealing is refused to the analyst: {refused['status']}"
    b.sign_out()
    b.sign_in("admin")


NETWORK_SPEC = """events: {customer_id: customer_id, timestamp: timestamp, type: event_type}
features:
  - name: calls
    aggregate: count
    where: {type: call}
  - name: top_network
    label: {zh: 最常通话网络, en: Most called network}
    aggregate: mode
    of: party_network
    categories: [own, rival, fixed]
    where: {type: call}
  - name: top_network_share
    aggregate: mode_share
    of: party_network
    categories: [own, rival, fixed]
    where: {type: call}
  - name: mean_duration
    aggregate: mean
    of: duration
    where: {type: call}
  - name: duration_band
    feature: mean_duration
    bands: [60, 180]
    band_labels: [short, medium, long]
  - name: network_shift
    changed: top_network
"""


def build_period_from_page(b, spec, period, as_of):
    """Builds a period on the Data page from the uploaded calls.csv with `spec` typed into the form."""
    b.open("/data")
    form = b.driver.find_element(By.ID, "build-form")
    boxes = [label for label in form.find_elements(By.CSS_SELECTOR, "#event-uploads label")
             if "calls.csv" in label.text]
    assert boxes, "the demo's calls.csv was uploaded"
    box = boxes[0].find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    if not box.is_selected():
        box.click()
    area = form.find_element(By.NAME, "spec")
    b.driver.execute_script("arguments[0].value = arguments[1];", area, spec)
    form.find_element(By.NAME, "period").send_keys(period)
    form.find_element(By.NAME, "as_of").send_keys(as_of)
    follow_job(b, "#build-form")


def journey_categorical_features(b):
    # Two periods from the Data page with a spec using mode, mode_share, bands of a feature and a change
    # since the previous period; the page then lists the categorical features' customers per category.
    build_period_from_page(b, NETWORK_SPEC + "    without_previous: missing\n", "calls-jan", "2024-02-01")
    build_period_from_page(b, NETWORK_SPEC + "    previous: calls-jan\n", "calls-q1", "2024-03-31")
    b.open("/data?period=calls-q1")
    rows = {row[0].split("\n")[0]: row for row in table_rows(b, "#describe-table")}
    for name in ["top_network", "top_network_share", "duration_band", "network_shift"]:
        assert name in rows, f"the period lists {name}: {sorted(rows)}"
    top = rows["top_network"]
    assert "categorical" in top[1], f"a mode is categorical: {top}"
    listed = b.driver.find_elements(By.CSS_SELECTOR, "#describe-table ol.categories")
    assert len(listed) == 2, "the mode and the bands list their categories"
    categories = [item.text for item in listed[0].find_elements(By.TAG_NAME, "li")]
    assert [c.rsplit(" ", 1)[0] for c in categories] == ["own", "rival", "fixed", "other"], categories
    counted = sum(int(number(c.rsplit(" ", 1)[1])) for c in categories)
    assert counted == int(number(top[2])), f"the categories hold the customers with a value: {categories}, {top}"
    assert counted + int(number(top[3])) == 3050, "with the missing ones, every customer"
    bands = [item.text.rsplit(" ", 1)[0] for item in listed[1].find_elements(By.TAG_NAME, "li")]
    assert bands == ["short", "medium", "long"], f"the bands' labels: {bands}"
    shift = rows["network_shift"]
    assert "categorical" not in shift[1], "the change is a number"
    assert 0 < number(shift[4]) < 1, f"some customers' most called network changed since January: {shift}"
    b.shot("data-categorical")


def journey_campaign(b):
    b.open("/campaigns")
    form = b.driver.find_element(By.ID, "campaign-form")
    form.find_element(By.NAME, "name").send_keys("browser_sms")
    form.find_element(By.NAME, "product").send_keys("测试包 test bundle")
    target = form.find_element(By.NAME, "target")
    target.send_keys("arpu > 120")
    b.until(lambda: "customers match" in b.text("#campaign-target-result .count"),
            message="the target rule's count shows in the form")
    Select(form.find_element(By.NAME, "control")).select_by_value("random")
    share = form.find_element(By.NAME, "control_share")
    share.clear()
    share.send_keys("0.3")
    b.shot("campaigns")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.until(lambda: "/campaigns/browser_sms" in b.driver.current_url, message="created campaigns open")
    b.wait_ready()
    follow_job(b, "#select-form")
    b.open("/campaigns/browser_sms")
    exclusions = b.text("#exclusions")
    assert "opted out" in exclusions, f"the exclusion counts are shown: {exclusions}"
    exported = b.post("/campaigns/browser_sms/export", form={})
    assert exported["status"] == 200, f"the export downloads: {exported['status']}"
    rows = list(csv.DictReader(io.StringIO(exported["text"])))
    assert rows and all("*" in row["phone"] for row in rows), "the campaign manager's list is masked"
    rng = random.Random(11)
    responses = os.path.join(ARGS.work, "responses.csv")
    with open(responses, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["customer_id", "reached", "converted"])
        for row in rows:
            target = row.get("group", "target") == "target"
            reached = rng.random() < (0.6 if target else 0.3)
            converted = reached and rng.random() < (0.5 if target else 0.2)
            writer.writerow([row["customer_id"], "yes" if reached else "no", "yes" if converted else "no"])
    b.driver.find_element(By.ID, "responses-file").send_keys(responses)
    b.driver.find_element(By.CSS_SELECTOR, "#responses-form button[type=submit]").click()
    b.until(lambda: "done=responses" in b.driver.current_url, timeout=30, message="the responses were imported")
    b.wait_ready()
    evaluation = b.find("#evaluation")
    assert len(evaluation.find_elements(By.CSS_SELECTOR, "svg.chart")) == 2, "contact and conversion charts"
    assert "converted" in b.text("#evaluation-table")
    assert b.driver.find_elements(By.CSS_SELECTOR, "#evaluation svg .whisker"), "intervals are drawn"
    b.shot("campaign")


def journey_admin_reveals(b):
    b.open("/customers?id=C0000001")
    phone = b.driver.find_element(By.CSS_SELECTOR, "[data-contact-column=phone]")
    assert "*" in phone.text, "contacts are masked at first"
    b.driver.find_element(By.ID, "reveal-contacts").click()
    b.until(lambda: "*" not in phone.text, message="the administrator's reveal shows the number")
    b.shot("customers-admin")


def journey_front_line(b):
    b.sign_out()
    b.sign_in("frontline")
    assert "/customers" in b.driver.current_url, "the front line starts at the customer lookup"
    nav = b.text("nav.areas")
    assert "Customers" in nav and "Segments" not in nav and "Campaigns" not in nav, f"navigation by role: {nav}"
    search = b.driver.find_element(By.ID, "customer-search")
    search.send_keys("C000001")
    b.until(lambda: b.driver.execute_script("return document.querySelectorAll('#customer-ids option').length") > 0,
            message="the search suggests ids")
    search.clear()
    search.send_keys("C0000001")
    b.driver.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    b.find("#customer-card")
    b.wait_ready()
    assert b.driver.find_elements(By.CSS_SELECTOR, "#customer-segments li"), "the segment is shown"
    assert b.driver.find_elements(By.CSS_SELECTOR, "#customer-tags .tag"), "tags are shown"
    assert "*" in b.text("[data-contact-column=phone]"), "the phone number is masked"
    assert not b.driver.find_elements(By.ID, "reveal-contacts"), "the front line has no reveal button"
    refused = b.post("/api/v1/customers/C0000001/reveal")
    assert refused["status"] == 403, f"the server refuses to reveal: {refused}"
    assert b.status_of("/segments") == 403, "the front line may not open the segments page"
    b.shot("customers")


def journey_value(b):
    b.sign_in("analyst")
    b.open("/value")
    line = b.text("#value-8020")
    assert "the top 20 % of customers bring" in line and "%" in line, f"the 80/20 line of the demo's top-ups: {line}"
    for label in ["Lorenz curve", "P(alive) matrix"]:
        assert b.driver.find_elements(By.CSS_SELECTOR, f"#value-report svg[aria-label='{label}']"), f"the {label}"
    report = b.text("#value-report")
    assert "alpha" in report and "clv_12m" in report, "the CLV parameters and column are shown"
    assert not b.driver.find_elements(By.ID, "rfm-heatmap"), "no RFM grid before RFM is scored"
    b.shot("value")
    bins = b.driver.find_element(By.CSS_SELECTOR, "#value-rfm-form input[name=bins]")
    bins.clear()
    bins.send_keys("5")
    b.driver.find_element(By.CSS_SELECTOR, "#value-rfm-form button[type=submit]").click()
    b.until(lambda: "done=rfm" in b.driver.current_url, timeout=60, message="RFM scoring returns to the page")
    b.wait_ready()
    heatmap = b.find("#rfm-heatmap")
    assert len(heatmap.find_elements(By.CSS_SELECTOR, "rect")) == 25, "a 5 × 5 grid"
    assert "Champions" in b.text("#value-report"), "the grid names its segments"
    b.shot("value-rfm")
    # A new transaction file: uploaded, then built as a job with live progress.
    path = os.path.join(ARGS.work, "top-ups.csv")
    rng = random.Random(11)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["customer_id", "date", "amount"])
        for index in range(1, 41):
            for _ in range(rng.randint(1, 4)):
                writer.writerow([f"C{index:07d}", f"2024-04-{rng.randint(1, 28):02d}", f"{rng.uniform(10, 200):.2f}"])
    b.driver.find_element(By.ID, "transactions-file").send_keys(path)
    b.driver.find_element(By.CSS_SELECTOR, "#transactions-upload-form button[type=submit]").click()
    b.visible("#value-build-form", timeout=30)
    follow_job(b, "#value-build-form")
    b.open("/value")
    table = b.text("#value-table")
    assert "40 customers" in table, f"the new value table is shown: {table}"
    b.shot("value-built")


def number(text):
    """A count or amount as the pages print it ("3,050", "1,234.5"); None for "–"."""
    text = text.strip().replace(",", "")
    return None if text in ("", "–") else float(text)


def table_rows(b, selector):
    """The text of each body row's cells of the table at `selector`."""
    return [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
            for row in b.driver.find_elements(By.CSS_SELECTOR, f"{selector} tbody tr")]


def journey_lifecycle_and_retention(b):
    # Lifecycle compares two periods: the demo's events build a second one, a month earlier, on the Data page.
    b.open("/data")
    events = [os.path.join(ARGS.work, "demo", name) for name in ("calls.csv", "messages.csv", "data.csv")]
    b.driver.find_element(By.ID, "events-file").send_keys("\n".join(events))
    b.driver.find_element(By.CSS_SELECTOR, "#events-upload-form button[type=submit]").click()
    b.until(lambda: "ticked" in b.text("#events-upload-form .upload-status"), timeout=60,
            message="the event files were uploaded and ticked")
    form = b.driver.find_element(By.ID, "build-form")
    form.find_element(By.NAME, "period").send_keys("2024-02")
    form.find_element(By.NAME, "as_of").send_keys("2024-02-29")
    follow_job(b, "#build-form")
    b.open("/")
    customers = int(number(b.driver.find_element(By.CSS_SELECTOR, "#overview-metrics .metric .v").text))
    assert customers == 3050, f"the overview counts the customers: {customers}"

    b.open("/value")
    assert "No lifecycle stages yet" in b.text("#value-lifecycle"), "no stages before the form runs"
    form = b.driver.find_element(By.ID, "value-lifecycle-form")
    # The defaults are the latest period (the demo's second quarter, built by the script) and the one
    # before it; the journey compares the period built above with the demo's first quarter.
    assert Select(form.find_element(By.NAME, "from")).first_selected_option.text == "2024Q1", \
        "the earlier period is the one before the latest"
    assert Select(form.find_element(By.NAME, "to")).first_selected_option.text == "2024Q2"
    Select(form.find_element(By.NAME, "from")).select_by_visible_text("2024-02")
    Select(form.find_element(By.NAME, "to")).select_by_visible_text("2024Q1")
    form.find_element(By.NAME, "tenure").send_keys("tenure_months")
    form.find_element(By.NAME, "usage").send_keys("last30_call_minutes")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.until(lambda: "done=lifecycle" in b.driver.current_url, timeout=60, message="lifecycle returns to the page")
    b.wait_ready()
    assert "Lifecycle stages stored" in b.text(".notice"), "the run is confirmed"
    rows = table_rows(b, "#lifecycle-stages")
    stages = ["新客户 / New", "成长期 / Growing", "稳定期 / Stable", "衰退期 / Declining", "流失/沉睡 / Lapsed"]
    assert [row[0] for row in rows] == stages + ["no stage (usage missing in a period)"], f"the stages: {rows}"
    counts = [int(number(row[1])) for row in rows]
    assert sum(counts) == customers, f"stage counts and customers without a stage add up to {customers}: {counts}"
    staged = sum(counts[:5])
    assert staged > customers / 2, f"most customers have a stage: {counts}"
    assert sum(1 for count in counts[:5] if count > 0) >= 3, f"the customers spread over the stages: {counts}"
    # The 50 customers imported without events have no usage, so no stage.
    assert counts[5] >= 50, f"customers without usage have no stage: {counts}"
    shares = [number(row[2].rstrip(" %")) for row in rows[:5]]
    assert abs(sum(shares) - 100) < 0.5, f"the shares of the staged customers add up to 100 %: {shares}"
    for count, share in zip(counts[:5], shares):
        assert abs(count / staged * 100 - share) < 0.06, f"a share is its count over the staged: {count}, {share}"
    assert [row[3] for row in rows[:5]] == ["lifecycle_new", "lifecycle_growing", "lifecycle_stable",
                                          "lifecycle_declining", "lifecycle_lapsed"], f"the tags: {rows}"
    summary = b.text("#lifecycle-summary")
    assert f"{customers:,} customers, {staged:,} with a stage" in summary, f"the summary: {summary}"
    assert "last30_call_minutes from 2024-02 to 2024Q1" in b.text("#lifecycle-how"), "how the stages were made"

    # The churn journey scored churn: value tiers × churn bands, riskiest first, with real counts.
    cells = table_rows(b, "#retention-cells")
    assert 3 <= len(cells) <= 9, f"value tier × churn band cells: {cells}"
    tiers = {"高价值 / High value", "中价值 / Middle value", "低价值 / Low value"}
    assert all(cell[0] in tiers and cell[1] in ("high", "medium", "low") for cell in cells), f"labels: {cells}"
    in_cells = [int(number(cell[2])) for cell in cells]
    assert all(count > 0 for count in in_cells), f"every cell holds customers: {in_cells}"
    risks = [number(cell[4]) for cell in cells]
    assert all(risk is not None and risk >= 0 for risk in risks) and risks == sorted(risks, reverse=True), \
        f"the riskiest cell first: {risks}"
    assert all(number(cell[3]) >= risk for cell, risk in zip(cells, risks)), "value at risk is at most the value"
    crossed = b.text("#retention-summary")
    assert crossed.startswith(f"{sum(in_cells):,} customers in {len(cells)} cells"), f"the summary: {crossed}"
    assert sum(in_cells) <= 3000, "only customers with a tier and a band are crossed"
    b.shot("value-lifecycle")
    b.open("/rules")
    area = b.driver.find_element(By.ID, "rule-text")
    area.send_keys('segment(lifecycle) = "Declining"')
    b.until(lambda: "customers match" in b.text("#rule-count"), message="rules read the lifecycle stages")
    declining = int(number(b.text("#rule-count").split(" of ")[0]))
    assert declining == counts[3], f"the rule selects the declining customers: {declining} vs {counts[3]}"


def journey_narrow_screens(b):
    b.sign_out()
    b.sign_in("admin")
    b.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                             {"width": 400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    try:
        wide = []
        for path in PAGES:
            b.open(path)
            width = b.driver.execute_script("return window.innerWidth")
            scroll = b.driver.execute_script("return document.documentElement.scrollWidth")
            assert width == 400, f"the window is 400 px wide ({width})"
            if scroll > width:
                wide.append(f"{path}: {scroll} px")
            name = "overview" if path == "/" else path.strip("/").split("?")[0].replace("/", "-")
            b.shot(f"{name}-400px")
        assert not wide, f"pages scroll sideways at 400 px: {wide}"
    finally:
        b.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    for path in PAGES:
        b.open(path)
        name = "overview" if path == "/" else path.strip("/").split("?")[0].replace("/", "-")
        if not os.path.exists(os.path.join(ARGS.screenshots, f"{name}.png")):
            b.shot(name)


def journey_no_csp_violations(b):
    b.collect_console()
    violations = [entry["message"] for entry in b.console
                  if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]]
    errors = [entry["message"] for entry in b.console if "Uncaught" in entry["message"]]
    assert not violations, f"CSP violations: {violations}"
    assert not errors, f"script errors: {errors}"


def journey_churn(b):
    b.open("/")
    assert "Churn" in b.text("nav.areas"), "an administrator sees Churn"
    b.driver.find_element(By.CSS_SELECTOR, "nav.areas a[href='/churn']").click()
    b.until(lambda: b.driver.current_url.endswith("/churn"), message="the Churn link opens the page")
    b.wait_ready()
    summary = b.text("#churn-summary")
    assert "Model v1" in summary and "gradient-boosted trees" in summary, f"the demo's model is shown: {summary}"
    b.driver.find_element(By.ID, "churn-label").send_keys("churned")
    form = b.driver.find_element(By.ID, "churn-form")
    form.find_element(By.CSS_SELECTOR, "select[name=model] option[value=logistic]").click()
    folds = form.find_element(By.CSS_SELECTOR, "input[name=folds]")
    folds.clear()
    folds.send_keys("3")
    follow_job(b, "#churn-form", timeout=170)
    b.driver.find_element(By.CSS_SELECTOR, "#churn-form ~ .job-after a, #churn-form .job-after a").click()
    b.until(lambda: "Model v2" in b.text("#churn-summary"), message="the new model is shown after the fit")
    b.wait_ready()
    assert "logistic regression" in b.text("#churn-summary")
    metrics = b.text("#churn-metrics")
    assert "AUC" in metrics and "mean of 3 folds" in metrics, f"the AUC of three folds is shown: {metrics}"
    auc = float(b.driver.find_element(By.CSS_SELECTOR, "#churn-metrics .metric .v").text)
    assert 0.6 < auc < 1.0, f"the planted churn gives a good AUC: {auc}"
    chart = b.driver.find_element(By.CSS_SELECTOR, "svg.gains-chart, .gains-chart svg, .gains-chart")
    assert chart.is_displayed(), "the gains chart is shown"
    rows = b.driver.find_elements(By.CSS_SELECTOR, "#churn-gains tbody tr")
    assert len(rows) == 10, f"the gains table has ten deciles: {len(rows)}"
    b.shot("churn")
    b.driver.find_element(By.ID, "churn-score").click()
    b.until(lambda: "done=scored" in b.driver.current_url, message="scoring returns to the churn page")
    b.wait_ready()
    assert "scored into churn_score" in b.text(".notice"), "scoring is confirmed"
    b.open("/rules")
    area = b.driver.find_element(By.ID, "rule-text")
    area.send_keys('segment(churn_risk) = "high"')
    b.until(lambda: "customers match" in b.text("#rule-count"), message="the band is a segmentation rules read")
    high = b.text("#rule-count")
    assert int(high.split(" of ")[0].replace(",", "")) > 0, f"some customers are at high risk: {high}"
    area.send_keys(" and churn_score < 0.5")
    b.until(lambda: b.text("#rule-count").startswith("0 of"), message="no high-risk customer scores below 0.5")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.BACKSPACE)
    area.send_keys("churn_score >= 0.5")
    b.until(lambda: b.text("#rule-count") == high,
            message=f"churn_score >= 0.5 matches the high band ({high}), not {b.text('#rule-count')}")


JOURNEYS = [
    ("sign in (wrong password refused, back to the page asked for)", journey_sign_in),
    ("upload a customer file, see the preview, import it", journey_upload_customers),
    ("run a segmentation job to the end with progress", journey_segmentation),
    ("run a k-prototypes segmentation from the form and read its modes and profile", journey_kprototypes),
    ("rename a segment and see the new name", journey_rename),
    ("refresh the demo on the second period and read the migration: flows, movers download", journey_migration),
    ("measure the stability of the demo's segments and compare two versions from the explorer", journey_stability),
    ("make a cube segmentation from the form and assess it on the attractiveness × capability matrix",
     journey_cube_and_assess),
    ("edit a rule and watch the count and the error caret", journey_rules),
    ("compile the demo segmentation, a rule, the tags, a pasted wide-table spec, the value table and a profile as SQL "
     "on the Engines page; download SQL and PMML; import a wide table, a broken one refused by line and column",
     journey_engines),
    ("download the members of a segment and of a rule from their pages; masked for an analyst", journey_members),
    ("open Churn, fit a model as a job, see its AUC and gains chart, score every customer", journey_churn),
    ("lifecycle stages from the Value page form over a second period; the retention matrix after churn scoring",
     journey_lifecycle_and_retention),
    ("build two periods with a mode and a focus shift on the Data page; see the categories", journey_categorical_features),
    ("create, select, export, respond to and evaluate a campaign", journey_campaign),
    ("an administrator reveals a customer's contacts", journey_admin_reveals),
    ("the front line looks a customer up and cannot reveal contacts", journey_front_line),
    ("customer value: the 80/20 line, the RFM grid from the form, a transaction file built as a job", journey_value),
    ("every page fits a 400 px screen", journey_narrow_screens),
    ("no content-security-policy violations or script errors", journey_no_csp_violations),
]


def main():
    os.makedirs(ARGS.screenshots, exist_ok=True)
    browser = Browser(ARGS.base, ARGS.screenshots)
    passed = failed = 0
    try:
        for name, journey in JOURNEYS:
            started = time.time()
            try:
                journey(browser)
                passed += 1
                print(f"PASS {name} ({time.time() - started:.1f} s)", flush=True)
            except Exception as error:  # a failed journey is reported and the others still run
                failed += 1
                print(f"FAIL {name}: {error}", flush=True)
                traceback.print_exc()
                try:
                    browser.shot("failure-" + journey.__name__)
                    print(f"  at {browser.driver.current_url}", flush=True)
                except Exception:
                    pass
    finally:
        browser.quit()
    print(f"screenshots: {', '.join(sorted(os.listdir(ARGS.screenshots)))}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--work", required=True, help="a folder for the files the journeys upload")
    ARGS = parser.parse_args()
    sys.exit(main())
