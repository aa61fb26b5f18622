"""The viewer in headless Chromium (system packages, driven by Selenium, nothing downloaded), opened from file://:
what a person sees, that nothing is fetched from the network, and that the console stays clean.

Chromium and chromium-driver must be installed (`.ci/run` installs them); without them these tests fail."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import PROJECT
from viewer_corpus import DOC as HOSTILE_DOC

CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = PROJECT / "test-output" / "viewer"
# the text a person reads in a sentence: the type tags after mentions and the claim buttons are labels, not text
SENTENCE_TEXT = """
const clone = arguments[0].cloneNode(true);
clone.querySelectorAll('.tag, .claim-tag').forEach((e) => e.remove());
return clone.textContent;
"""


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not CHROMEDRIVER.is_file() or not chromium:
        pytest.fail("headless Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does this)")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not download a driver or browser
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800"):
        options.add_argument(argument)
    # browser: the console; performance: the DevTools network events, which (unlike Resource Timing) list file:// requests
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def rows(release: Path, config: str) -> list[dict]:
    return [row for path in sorted((release / "data" / config).glob("*.parquet")) for row in pq.read_table(path).to_pylist()]


def label_names(release: Path, config: str, column: str) -> list[str]:
    path = sorted((release / "data" / config).glob("*.parquet"))[0]
    return json.loads(pq.read_schema(path).metadata[b"huggingface"])["info"]["features"][column]["names"]


def requests(driver) -> list[str]:
    """The address of every request the browser sent since the last call (the performance log drains when read)."""
    messages = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    return [m["params"]["request"]["url"] for m in messages if m["method"] == "Network.requestWillBeSent"]


def visit(driver, page: Path) -> None:
    driver.get_log("browser"), requests(driver)  # start each page with empty logs
    driver.get(page.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def assert_offline_and_clean(driver, where: str) -> None:
    """Every resource the page loaded is a local file, none is addressed on the network, and the console has no error."""
    sent = requests(driver)
    assert any(url.endswith("static/viewer.css") for url in sent) and any(url.endswith("static/viewer.js") for url in sent), f"{where}: {sent}"
    assert all(url.startswith("file://") for url in sent), f"{where}: {sent}"
    timed = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert all(name.startswith("file://") for name in timed), f"{where}: {timed}"
    remote = driver.execute_script("""
        return [...document.querySelectorAll('[src], link[href], [srcset], [poster], [data]')]
          .map((e) => e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('srcset') || e.getAttribute('poster') || e.getAttribute('data'))
          .filter((u) => /^(https?:)?\\/\\//i.test(u));""")
    assert remote == [], f"{where}: {remote}"
    errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == [], f"{where}: {errors}"


def screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def test_index_shows_every_document_and_cluster(browser, release):
    visit(browser, release / "viewer" / "index.html")
    documents = browser.find_elements(By.CSS_SELECTOR, "tr.document-row")
    clusters = browser.find_elements(By.CSS_SELECTOR, "tr.cluster-row")
    assert len(documents) == len(rows(release, "documents")) and all(row.is_displayed() for row in documents)
    assert len(clusters) == len(rows(release, "clusters")) and all(row.is_displayed() for row in clusters)
    assert_offline_and_clean(browser, "index")
    screenshot(browser, "index")


def busiest_document(release: Path) -> str:
    claims = rows(release, "claims")
    return max(sorted({c["document_id"] for c in claims}), key=lambda d: sum(c["document_id"] == d for c in claims))


def test_document_page_shows_every_sentence_mention_and_claim(browser, release):
    document = busiest_document(release)
    visit(browser, release / "viewer" / "document" / f"{document}.html")
    expected = [s for s in sorted(rows(release, "sentences"), key=lambda s: s["index"]) if s["document_id"] == document]
    shown = browser.find_elements(By.CSS_SELECTOR, "tr.sentence p.text")
    assert [browser.execute_script(SENTENCE_TEXT, p) for p in shown] == [s["text"] for s in expected]
    assert all(p.is_displayed() for p in shown)
    mentions = {e.get_attribute("data-mention") for e in browser.find_elements(By.CSS_SELECTOR, "p.text .mention") if e.is_displayed()}
    claims = {e.get_attribute("data-claim") for e in browser.find_elements(By.CSS_SELECTOR, "p.text .claim") if e.is_displayed()}
    assert mentions == {m["id"] for m in rows(release, "mentions") if m["document_id"] == document}
    assert claims == {c["id"] for c in rows(release, "claims") if c["document_id"] == document}
    assert_offline_and_clean(browser, document)
    screenshot(browser, "document")


def test_clicking_a_claim_shows_its_verdict_and_evidence(browser, release):
    document = busiest_document(release)
    refuted = label_names(release, "claims", "veracity").index("refuted")
    claim = next(c for c in rows(release, "claims") if c["document_id"] == document and c["veracity"] == refuted and c["evidence"])
    facts = {f["id"]: f for f in rows(release, "facts")}
    visit(browser, release / "viewer" / "document" / f"{document}.html")
    details = browser.find_element(By.ID, f"claim-{claim['id']}")
    evidence = facts[claim["evidence"][0]]
    assert details.get_attribute("open") is None and not browser.find_element(By.XPATH, f"//*[@id='claim-{claim['id']}']//cite").is_displayed()
    highlighted = browser.find_element(By.CSS_SELECTOR, f"p.text .claim[data-claim='{claim['id']}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", highlighted)
    browser.execute_script("""
        const r = arguments[0].getClientRects()[arguments[0].getClientRects().length - 1];
        document.elementFromPoint(r.right - 2, r.top + r.height / 2).click();""", highlighted)  # the claim's words, not its button
    assert details.get_attribute("open") is not None
    verdict = details.find_element(By.CSS_SELECTOR, "dd.verdict")
    assert verdict.is_displayed() and verdict.text.startswith("refuted") and claim["rationale"][:40] in verdict.text
    cite = details.find_element(By.CSS_SELECTOR, ".evidence cite")
    assert cite.is_displayed() and cite.text == evidence["source_title"]
    assert evidence["quote"] in details.find_element(By.CSS_SELECTOR, ".evidence blockquote").text
    button = browser.find_element(By.CSS_SELECTOR, f"button.claim-tag[aria-controls='claim-{claim['id']}']")
    assert button.get_attribute("aria-expanded") == "true"
    button.send_keys(Keys.ENTER)  # keyboard: the claim's button closes it again
    assert details.get_attribute("open") is None and button.get_attribute("aria-expanded") == "false"
    assert_offline_and_clean(browser, claim["id"])


def test_cluster_page_shows_one_column_per_document_and_marks_the_conflict(browser, release):
    conflicting = label_names(release, "claim_links", "relation").index("conflicting")
    links = [link for link in rows(release, "claim_links") if link["relation"] == conflicting]
    cluster = next(c for c in sorted(rows(release, "clusters"), key=lambda c: c["id"]) if any(l["cluster_id"] == c["id"] for l in links))
    in_conflict = {d for l in links if l["cluster_id"] == cluster["id"] for d in (l["source_document"], l["target_document"])}
    visit(browser, release / "viewer" / "cluster" / f"{cluster['id']}.html")
    columns = browser.find_elements(By.CSS_SELECTOR, "table.side-by-side thead th")
    assert [c.get_attribute("data-document") for c in columns] == sorted(cluster["document_ids"])
    assert all(c.is_displayed() for c in columns)
    marked = {c.get_attribute("data-document") for c in columns if "conflict" in c.text.split()}
    assert marked == in_conflict
    pairs = browser.find_elements(By.CSS_SELECTOR, "li.conflict-pair")
    assert len(pairs) == sum(l["cluster_id"] == cluster["id"] for l in links) and all(p.is_displayed() for p in pairs)
    matrix = browser.find_elements(By.CSS_SELECTOR, "table.matrix td.relation-conflicting")
    assert len(matrix) == 2 * len(pairs)  # each conflict and its mirror cell
    assert_offline_and_clean(browser, cluster["id"])
    screenshot(browser, "cluster")
    member = browser.find_element(By.CSS_SELECTOR, "div.member")
    claim_id = member.get_attribute("data-claim")
    member.find_element(By.PARTIAL_LINK_TEXT, "in its document").click()  # the link opens that claim on its page
    assert browser.current_url.endswith(f"#claim-{claim_id}")
    assert browser.find_element(By.ID, f"claim-{claim_id}").get_attribute("open") is not None
    assert_offline_and_clean(browser, claim_id)


def test_hostile_text_is_shown_and_never_run(browser, hostile_release):
    viewer = hostile_release / "viewer"
    for page in (viewer / "index.html", viewer / "document" / f"{HOSTILE_DOC}.html", viewer / "cluster" / "warning.html", viewer / "entity" / "nato.html"):
        visit(browser, page)
        body = browser.find_element(By.TAG_NAME, "body").text
        assert "<script>window.pwned=1</script>" in body, page.name
        assert browser.execute_script("return window.pwned") is None, page.name
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert browser.execute_script("return document.querySelectorAll('img, textarea, iframe').length") == 0
        assert browser.execute_script("return [...document.querySelectorAll('[href]')].filter((e) => /^\\s*javascript:/i.test(e.getAttribute('href'))).length") == 0
        assert_offline_and_clean(browser, page.name)
    visit(browser, viewer / "document" / f"{HOSTILE_DOC}.html")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert '</textarea><img src=x onerror="window.pwned=2"> javascript:alert(1)' in body
