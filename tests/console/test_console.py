"""The web console in a real headless Chromium against `openwfo serve` on the demo contact centre: what a
person sees on each page, and that what they do there is what the API then answers."""

from __future__ import annotations

import datetime as dt
import time
import urllib.error
import urllib.request

import pytest

from ..conftest import TEST_DB
from ..processes import call, csrf_token, login
from .browser import ADMIN, PASSWORD, accessibility_violations, chromium, demo_server, screenshot

pytestmark = pytest.mark.skipif(TEST_DB != "sqlite", reason="store-independent; runs on the embedded default")
DETAIL = "/api/rest/scheduling/schedule/activity/detail"
WAIT = 30


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    server, _data = demo_server(tmp_path_factory)
    shots = tmp_path_factory.mktemp("screenshots")
    try:
        driver = chromium(tmp_path_factory.mktemp("downloads"))
    except BaseException:
        server.stop()
        raise
    try:
        yield Console(driver, server, shots)
    finally:
        driver.quit()
        server.stop()


class Console:
    def __init__(self, driver, server, shots):
        self.driver, self.server, self.shots = driver, server, shots
        self.base = server.base

    def open(self, fragment: str = ""):
        self.driver.get(f"{self.base}/{fragment}")

    def go(self, fragment: str):
        self.driver.execute_script("location.hash = arguments[0]", fragment)

    def wait(self, condition, timeout=WAIT):
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.support.ui import WebDriverWait

        # A live page replaces elements as events arrive: a stale one is looked up again.
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: condition(d))

    def find(self, css: str, timeout=WAIT):
        from selenium.webdriver.common.by import By

        def found(d):
            els = [e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]
            return els[0] if els else False

        return self.wait(found, timeout)

    def all(self, css: str):
        from selenium.webdriver.common.by import By

        return [e for e in self.driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]

    def text_of(self, css: str, contains: str, timeout=WAIT) -> str:
        def has(_):
            els = self.all(css)
            return next((e.text for e in els if contains in e.text), False)

        return self.wait(has, timeout)

    def sign_in(self, user=ADMIN, password=PASSWORD):
        self.find("#userId").clear()
        self.find("#userId").send_keys(user)
        self.find("#password").clear()
        self.find("#password").send_keys(password)
        self.find("#signin-form button[type=submit]").click()

    def sid(self) -> str:
        return self.driver.get_cookie("hazelcast.sessionId")["value"]

    def shot(self, name: str):
        """A screenshot of the page, which must also pass the accessibility check."""
        path = screenshot(self.driver, name, self.shots)
        assert accessibility_violations(self.driver) == [], name
        return path

    def csp_errors(self) -> list[str]:
        return [e["message"] for e in self.driver.get_log("browser")
                if "Content Security Policy" in e["message"] or "Refused" in e["message"]]


def test_sign_in_shows_the_api_s_refusal_then_the_user_tenant_and_zone_in_the_header(console):
    console.open()
    console.find("#signin-form")
    assert console.driver.get_cookie("hazelcast.sessionId") is None
    console.sign_in(password="wrong-password")
    assert console.text_of("#signin-error", "Invalid") == "Invalid user ID or password"
    # A login locked by failures: the API's lockout message, word for word.
    for _ in range(10):
        with pytest.raises(urllib.error.HTTPError):
            login(console.base, "ava.baker@demo.openwfo.test", "wrong")
    console.sign_in("ava.baker@demo.openwfo.test", PASSWORD)
    assert console.text_of("#signin-error", "Too many").startswith("Too many failed logins; try again in ")
    console.shot("signin")
    console.sign_in()
    assert console.text_of("#user-name", "Dana") == "Dana Admin"
    assert console.find("#tenant-name").text == "Demo Contact Centre"
    assert console.find("#time-zone").text == "America/Chicago"
    assert console.driver.current_url.endswith("#/org")
    # The console's session needs its CSRF token on every change: the cookie alone is refused.
    assert csrf_token(console.base, console.sid())
    refused = urllib.request.Request(f"{console.base}/api/rest/org/role", method="POST", data=b"{}", headers={
        "Cookie": f"hazelcast.sessionId={console.sid()}", "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(refused, timeout=30)
    assert caught.value.code == 403 and b"CSRF token missing" in caught.value.read()
    # The page is served with a strict policy: no inline script, nothing from elsewhere.
    assert console.csp_errors() == []


def test_the_organization_tree_searches_and_a_person_s_edit_reaches_the_api(console):
    console.go("#/org")
    console.find(".tree")
    console.shot("organization")
    console.find("#org-search").send_keys("noah")
    assert console.text_of("#org-count", "match") == "2 people match"
    assert sorted(e.text for e in console.all(".tree .person a")) == ["Noah Allen", "Noah White"]
    console.find("#org-search").send_keys(" allen")
    assert console.text_of("#org-count", "match") == "1 person matches"
    assert [e.text for e in console.all(".tree .person a")] == ["Noah Allen"]
    console.find(".tree .person a").click()
    assert console.text_of("h1", "Noah") == "Noah Allen"
    assert "Billing" in console.find(".facts").text
    # A name the API refuses: the API's reason on the field, nothing saved.
    first = console.find("#person-form input[name=firstName]")
    first.clear()
    first.send_keys("x" * 300)
    console.find("#person-form button[type=submit]").click()
    console.find("#person-form .field-error")
    assert first.get_attribute("aria-invalid") == "true"
    first.clear()
    first.send_keys("Noa")
    console.find("#person-form button[type=submit]").click()
    console.text_of("#person-form .saved", "Saved")
    assert console.find("h1").text == "Noa Allen"
    console.shot("person")
    status, person = call(console.base, "/api/rest/org/common/person/7", console.sid())
    assert status == 200 and person["firstName"] == "Noa"
    first = console.find("#person-form input[name=firstName]")
    first.clear()
    first.send_keys("Noah")
    console.find("#person-form button[type=submit]").click()
    console.wait(lambda _: console.find("h1").text == "Noah Allen")
    # Another time zone from the list: the Person API has it.
    from selenium.webdriver.support.ui import Select

    Select(console.find("#person-form select[name=timeZone]")).select_by_value("America/New_York")
    console.find("#person-form button[type=submit]").click()
    console.wait(lambda _: call(console.base, "/api/rest/org/person/7/timezone", console.sid())[1]["name"]
                 == "America/New_York")
    call(console.base, "/api/rest/org/common/person/7", console.sid(), "PUT", {"timeZone": "America/Chicago"})


def _working_day(base, sid, agent_id) -> tuple[str, list]:
    today = dt.date.fromtimestamp(time.time())
    for offset in range(0, 10):
        day = (today + dt.timedelta(days=offset)).isoformat()
        _, body = call(base, f"{DETAIL}?fromDate={day}&toDate={day}", sid, "POST", {"agentIds": [agent_id]})
        acts = body[0]["activitiesByDate"][0]["scheduledActivities"]
        if acts:
            return day, acts
    raise AssertionError("no shift in the demo's next ten days")


def test_a_team_s_day_shows_a_bar_per_activity_and_a_moved_activity_is_the_api_s(console):
    sid = console.sid()
    day, acts = _working_day(console.base, sid, 7)
    console.go(f"#/schedules?team=5&date={day}")
    rows = console.wait(lambda _: [r for r in console.all(".gantt .g-row:not(.g-head)") if r.text] or False)
    assert any("Noah Allen" in r.text for r in rows)
    bars = console.all(".bar")
    assert len(bars) >= len(acts)
    assert console.all(".tick")[0].text.count(":") == 1
    title = bars[0].get_attribute("title")
    assert "agent's time" in title and "America/Chicago" in title
    # Below: agents scheduled per half hour on the team's queues (and the requirement where one is stored).
    assert console.text_of(".staffing .hint", "Queues:").startswith("Queues: Billing")
    assert console.all(".staffing .ibar")
    console.shot("schedules")
    # Noa Allen's row: open the first activity and give it an impossible end.
    row = next(r for r in console.all(".gantt .g-row:not(.g-head)") if "Noah Allen" in r.text)
    row.find_element("css selector", ".bar").click()
    end = console.find("#shift-form input[name=endTime]")
    end.clear()
    end.send_keys("not a time")
    console.find("#shift-form button[type=submit]").click()
    console.find("#shift-form .form-error")
    assert console.find("#shift-form .form-error").text
    console.shot("schedule-edit-error")
    # Shorten the first activity by 15 minutes: the API answers the change.
    first = acts[0]
    start = console.find("#shift-form input[name=startTime]").get_attribute("value")
    hh, mm = map(int, start.split(":"))
    new_start = f"{(hh * 60 + mm + 15) // 60:02d}:{(hh * 60 + mm + 15) % 60:02d}"
    start_input = console.find("#shift-form input[name=startTime]")
    start_input.clear()
    start_input.send_keys(new_start)
    end = console.find("#shift-form input[name=endTime]")
    end.clear()
    end.send_keys(console.driver.execute_script(
        "return new Intl.DateTimeFormat(undefined,{timeZone:'America/Chicago',hour:'2-digit',minute:'2-digit',"
        "hourCycle:'h23'}).format(arguments[0])", first["endTime"]))
    console.find("#shift-form button[type=submit]").click()
    console.text_of(".editor .saved", "Saved")
    _, body = call(console.base, f"{DETAIL}?fromDate={day}&toDate={day}", sid, "POST", {"agentIds": [7]})
    assert body[0]["activitiesByDate"][0]["scheduledActivities"][0]["startTime"] == first["startTime"] + 15 * 60_000
    # The agent's week, from the name in the day view: a row per day, the edited day among them.
    console.find(".gantt .g-row:not(.g-head) .g-name a[href^='#/week/7']").click()
    assert console.text_of("h1", "week of").startswith("Noah Allen: week of ")
    assert len(console.all(".gantt .g-row:not(.g-head)")) == 7
    assert len(console.all(".gantt .bar")) >= len(acts)
    console.shot("week")


def test_a_bar_dragged_or_moved_with_the_keyboard_is_saved_and_a_refusal_is_shown(console):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    sid = console.sid()
    day, acts = _working_day(console.base, sid, 7)

    def shift():
        _, body = call(console.base, f"{DETAIL}?fromDate={day}&toDate={day}", sid, "POST", {"agentIds": [7]})
        return [(a["startTime"], a["endTime"]) for a in body[0]["activitiesByDate"][0]["scheduledActivities"]]

    def last_bar():
        console.go(f"#/schedules?team=5&date={day}&n={time.time()}")
        row = console.wait(lambda _: next((r for r in console.all(".gantt .g-row:not(.g-head)") if "Noah Allen" in r.text),
                                          False))
        return row.find_elements("css selector", ".bar")[-1]

    before = shift()
    # The last activity's right edge dragged 30 minutes later: its end is the API's.
    bar = last_bar()
    gantt = console.find(".gantt")
    track = bar.find_element("xpath", "..")
    px = track.rect["width"] * 30 * 60_000 / float(gantt.get_attribute("data-span"))
    ActionChains(console.driver).move_to_element_with_offset(bar, bar.rect["width"] / 2 - 2, 0).click_and_hold() \
        .move_by_offset(px / 2, 0).move_by_offset(px / 2, 0).release().perform()
    console.text_of(".editor .saved", "Saved")
    assert shift() == before[:-1] + [(before[-1][0], before[-1][1] + 30 * 60_000)]
    # Back with the keyboard: Shift+Left six times (5 minutes each), Enter saves.
    bar = last_bar()
    console.driver.execute_script("arguments[0].focus()", bar)
    keys = ActionChains(console.driver).key_down(Keys.SHIFT)
    for _ in range(6):
        keys.send_keys(Keys.ARROW_LEFT)
    keys.key_up(Keys.SHIFT).send_keys(Keys.ENTER).perform()
    console.text_of(".editor .saved", "Saved")
    assert shift() == before
    # Moved over the activity before it: the API's refusal in the bar's form, nothing saved.
    if len(before) > 1:
        bar = last_bar()
        console.driver.execute_script("arguments[0].focus()", bar)
        ActionChains(console.driver).send_keys(*([Keys.PAGE_DOWN] * 4), Keys.ENTER).perform()
        shown = console.wait(lambda _: " ".join(e.text for e in console.all("#shift-form .form-error, #shift-form .field-error")))
        assert "overlap" in shown.lower(), shown
        console.shot("schedule-drag-refused")
        assert shift() == before


def test_the_inbox_approves_a_pending_request(console):
    sid = console.sid()
    _, pending = call(console.base, "/api/rest/scheduling/changeRequest/exception?status=pending", sid)
    assert pending
    console.go("#/requests")
    card = console.find(f"#requests article[data-id='{pending[0]['id']}']")
    # What approving would do: the scheduled activities the exception covers, or that there are none.
    impact = console.wait(lambda _: next((e.text for e in console.all(f"article[data-id='{pending[0]['id']}'] .impact")
                                          if not e.text.startswith("Reading")), False))
    assert impact.startswith(("Approving places it over: ", "Nothing is scheduled then")), impact
    console.shot("requests")
    card.find_element("css selector", "input[name=comment]").send_keys("Enjoy")
    card.find_element("css selector", "button").click()
    console.text_of(f"#requests article[data-id='{pending[0]['id']}'] .status-approved", "approved")
    _, decided = call(console.base, f"/api/rest/scheduling/changeRequest/exception/{pending[0]['id']}", sid)
    assert decided["status"] == "approved" and decided["decisionComment"] == "Enjoy"


def test_the_wallboard_updates_when_a_state_change_is_posted(console):
    sid = console.sid()
    console.go("#/live?team=5")
    tile = console.find("#wallboard article[data-agent='7']")
    assert "logged out" in tile.text.lower()
    console.text_of("#wallboard article[data-agent='7'] .in-state", "in state")
    now = int(time.time() * 1000)
    status, body = call(console.base, "/api/rest/scheduling/gis/realTimeAgentState", sid, "POST",
                        [{"acdAgentId": "4104", "gisStateIdentifier": 3, "timestamp": now}])
    assert status == 200 and body["accepted"] == 1, body
    state = "#wallboard article[data-agent='7'] .state"
    console.wait(lambda _: "logged out" not in console.find(state).text.lower())
    assert console.wait(lambda _: console.find(state).text.lower()) == "ready waiting"
    assert console.text_of("#wallboard article[data-agent='7'] .in-state", "in state").startswith("in state 0:")
    assert console.text_of(".intervals h2", "Adherence per interval today")
    console.shot("realtime")


def test_contact_search_and_a_contact_s_waveform_and_player(console):
    console.go("#/contacts?beginDate=2020-01-01&hasRecording=true")
    rows = console.wait(lambda _: console.all("#contact-results tbody tr") or False)
    assert len(rows) == 25
    assert console.find("#contact-results .pager a").text.startswith("Next")
    console.shot("contacts")
    # Its speech analysed first (the sweep is off here), so the page has a transcript to follow.
    contact_id = rows[0].find_element("css selector", "a").get_attribute("href").rsplit("/", 1)[1]
    status, queued = call(console.base, "/api/rest/cas/speech/analyze", console.sid(), "POST",
                          {"ccrids": [int(contact_id)]})
    assert status in (200, 202), queued
    for job in queued["jobs"]:
        console.wait(lambda _, j=job: call(console.base, j["statusUrl"], console.sid())[1]["status"]
                     in ("succeeded", "failed"), timeout=120)
    rows[0].find_element("css selector", "a").click()
    console.find("#waveform")
    console.wait(lambda d: d.execute_script("return document.getElementById('audio').readyState") >= 1)
    painted = console.driver.execute_script(
        "const c=document.getElementById('waveform');const d=c.getContext('2d').getImageData(0,0,c.width,c.height).data;"
        "let n=0;for(let i=3;i<d.length;i+=4){if(d[i])n++;}return n;")
    assert painted > 1000
    _, transcript = call(console.base, f"/api/rest/cas/speechtextview?ccrid={contact_id}", console.sid())
    texts = transcript["texts"]
    assert texts, transcript
    # Playing from the last line: that line is marked as the one being said.
    at = texts[-1]["start"] / 1000 + 0.01
    console.driver.execute_script("document.getElementById('audio').currentTime = arguments[0];", at)
    console.wait(lambda _: console.all("#transcript li.now"))
    assert any(li.text.endswith(texts[-1]["text"].split()[-1]) for li in console.all("#transcript li.now"))
    console.wait(lambda _: int(console.find("#waveform").get_attribute("data-played-ms") or 0) > 0)
    console.shot("contact")
    # Single-contact export: encoded in the background, then offered for download.
    console.find("#export").click()
    assert console.text_of("#export-status", "Ready", timeout=60).startswith("Ready")
    href = console.find("#export-link").get_attribute("href")
    assert href.endswith(f"/api/rest/recording/media/export/contact/{contact_id}?type=WAV")
    assert console.csp_errors() == []


def test_contact_search_by_analytics_category_matches_the_api(console):
    console.go("#/contacts")
    _, listing = call(console.base, "/api/rest/cas/phraselist", console.sid())
    category = listing["categories"][0]
    select = console.find("#contact-search select[name=category]")
    console.wait(lambda _: len(select.find_elements("css selector", "option")) > 1)
    select.find_element("css selector", f"option[value='{category['id']}']").click()
    console.find("#contact-search input[name=beginDate]").clear()
    console.find("#contact-search input[name=beginDate]").send_keys("2020-01-01")
    console.find("#contact-search button[type=submit]").click()
    rows = console.wait(lambda _: console.all("#contact-results tbody tr") or False)
    shown = [r.find_element("css selector", "a").get_attribute("href").rsplit("/", 1)[1] for r in rows]
    _, expected = call(console.base, f"/api/rest/recording/contact?beginDate=2020-01-01&category={category['id']}"
                       "&limit=25", console.sid())
    assert shown == [str(c["id"]) for c in expected] and shown
    assert f"category={category['id']}" in console.driver.current_url


def test_an_import_is_checked_its_row_errors_shown_then_applied(console, tmp_path):
    from selenium.webdriver.support.ui import Select

    def team_names():
        drill = call(console.base, "/api/rest/org/common/common/permission/ViewOrg", console.sid())[1]
        return {t["name"] for g in drill for t in g.get("teams") or []}

    header = "id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n"
    bad, good = tmp_path / "teams-bad.csv", tmp_path / "teams.csv"
    bad.write_text(header + "0,Night Desk,01/04/2024,,Customer Care,True\n0,Weekend Desk,01/04/2024,,No Such Group,False\n")
    good.write_text(header + "0,Night Desk,01/04/2024,,Customer Care,True\n0,Weekend Desk,01/04/2024,,Sales,False\n")
    console.go("#/imports")
    Select(console.find("#import-type")).select_by_value("teams")
    assert "parentGroupId" in console.text_of("#import-columns", "Columns")
    console.find("#import-file").send_keys(str(bad))
    console.find("#import-check").click()
    rows = console.wait(lambda _: console.all("#import-errors tbody tr") or False)
    cells = [td.text for td in rows[0].find_elements("css selector", "td")]
    assert cells[0] == "3" and "No Such Group" in cells[2], cells
    assert console.find("#import-apply").get_attribute("disabled") is not None
    console.shot("imports-errors")
    # The corrected file: checked (nothing written yet), then imported.
    console.find("#import-file").send_keys(str(good))
    console.find("#import-check").click()
    assert console.text_of(".import-summary .notice", "to create").startswith("2 to create, 0 to update")
    assert "Night Desk" not in team_names()
    console.shot("imports")
    console.find("#import-apply").click()
    assert console.text_of(".import-summary .saved", "created").startswith("2 created")
    assert {"Night Desk", "Weekend Desk"} <= team_names()


def test_roles_and_scope_are_edited_and_the_guard_s_refusal_is_shown_on_the_field(console):
    from openwfo.auth.permissions import ids_of

    sid = login(console.base, ADMIN, PASSWORD)["sessionId"]  # the API's view, beside the console's sessions
    roles = {r["name"]: r["id"] for r in call(console.base, "/api/rest/org/role", sid)[1]}
    console.go("#/person/7")
    form = console.find("#access-form")
    # Signed in again elsewhere in this browser (another tab): the cookie names a newer console session,
    # and this page's next change still goes through (it reads that session's token and sends it again).
    old_sid = console.sid()
    console.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/rest/authorize', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
        " 'application/json', 'X-OpenWFO-Console': '1'}, body: JSON.stringify({userId: arguments[0], password:"
        " arguments[1]})}).then(r => done(r.status));",
        ADMIN,
        PASSWORD,
    )
    assert console.sid() != old_sid
    # The administrator gives Noah Allen the Supervisor role and a group in scope: the Person API has them.
    form.find_element("css selector", f"input[name=role][value='{roles['Supervisor']}']").click()
    group = form.find_element("css selector", "input[name=scopeGroup]")
    group.click()
    form.find_element("css selector", "button[type=submit]").click()
    console.text_of("#access-form .saved", "Saved")
    assert "Supervisor" in console.find("section[aria-labelledby=access-h]").text  # the facts above follow
    person = call(console.base, "/api/rest/org/common/person/7", sid)[1]
    assert roles["Supervisor"] in [r["id"] for r in person["roles"]]
    assert int(group.get_attribute("value")) in person["scopeGroups"]
    # An organization editor who may not give what they do not hold: the guard's refusal on the roles.
    status, editor_role = call(console.base, "/api/rest/org/role", sid, "POST", {
        "name": "Org Editor", "permissions": [{"id": i} for i in sorted(ids_of("ViewOrg", "UpdateOrg"))]})
    assert status == 200, editor_role
    status, editor = call(console.base, "/api/rest/org/common/person", sid, "POST", {
        "firstName": "Olga", "lastName": "Editor", "email": "olga.editor@demo.openwfo.test",
        "password": "Editor-pass-12", "roles": [editor_role["id"]], "scopeTenant": True})
    assert status == 200, editor
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
    console.sign_in("olga.editor@demo.openwfo.test", "Editor-pass-12")
    console.text_of("#user-name", "Olga")
    console.go("#/person/7")
    form = console.find("#access-form")
    form.find_element("css selector", f"input[name=role][value='{roles['System Administrator']}']").click()
    form.find_element("css selector", "button[type=submit]").click()
    refusal = console.text_of("#access-roles .field-error", "Role")
    assert refusal.startswith("Role 'System Administrator' has permissions you do not hold: "), refusal
    console.shot("person-access")
    person = call(console.base, "/api/rest/org/common/person/7", sid)[1]
    assert roles["System Administrator"] not in [r["id"] for r in person["roles"]]
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
    console.sign_in()
    console.find("#user-name")


def test_sign_out_and_an_ended_session_bring_back_the_sign_in_page(console):
    console.find("#signout").click()
    assert "signed out" in console.text_of("#signin-notice", "signed out")
    console.sign_in()
    console.find("#user-name")
    # The session ends elsewhere (logged out by another client): the next call shows why.
    status, _ = call(console.base, "/api/rest/authorize", console.sid(), "DELETE")
    assert status == 200
    console.go("#/requests")
    assert "session has ended" in console.text_of("#signin-notice", "session")
    assert login(console.base, ADMIN, PASSWORD)["userId"] == ADMIN


def test_an_agent_sees_what_the_api_lets_an_agent_see(console):
    console.sign_in("alex.agent@demo.openwfo.test", PASSWORD)
    assert console.text_of("#user-name", "Alex") == "Alex Lindqvist"
    # The menu leaves out what the API refuses an agent (the demo agent role reads no schedules either:
    # their own week is the API's refusal, word for word); their own evaluations they may list.
    assert [a.text for a in console.all("#top nav a")] == ["Evaluations"]
    console.go("#/evaluations")
    assert [a.text for a in console.wait(lambda _: console.all("#page nav.tabs a") or False)] == ["My evaluations"]
    assert not console.all("#page .error")
    console.go("#/week/3")
    assert console.text_of("#page .error", "Permission") == "Permission required: Plan Schedules"
    console.shot("agent")
    # Asked for anyway, a page shows the API's own refusal.
    console.go("#/org")
    assert console.text_of("#page .error", "Permission") == "Permission required: ViewOrg"
    console.go("#/requests")
    assert console.text_of("#page .error", "Permission") == "Permission required: Administer WFM or Edit Schedules"
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
