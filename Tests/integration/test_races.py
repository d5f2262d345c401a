"""Concurrent creates and PATCHes: the quota-locked transaction never over-commits and a
name is taken once, however many requests race."""
from conftest import assert_error, concurrently, retry_rate_limited, status_counts


def test_forty_creates_against_a_count_cap_of_ten(tenant_factory):
    tenant = tenant_factory(caps=("--containers", "10"))
    responses = concurrently(lambda i: tenant.create(f"race-{i}"), range(40))
    assert status_counts(responses) == {201: 10, 403: 30}
    for r in responses:
        if r.status_code == 403:
            body = assert_error(r, 403, "quota_exceeded")
            assert body["detail"] == {"dimension": "containers", "scope": "*", "requested": 1, "in_use": 10, "cap": 10}
    assert tenant.allocation()["used_containers"] == 10
    footprint = tenant.footprint()
    assert (footprint["containers"], footprint["jobs"], footprint["events"]) == (10, 10, 10)
    listed = tenant.get("/v1/containers").json()["containers"]
    assert sorted(c["id"] for c in listed) == sorted(r.json()["id"] for r in responses if r.status_code == 201)


def test_twenty_one_vcpu_creates_against_a_cpu_cap_of_five(tenant_factory):
    tenant = tenant_factory(caps=("--cpu", "5"))
    responses = concurrently(lambda i: tenant.create(f"cpu-{i}", cpu_limit=1), range(20))
    assert status_counts(responses) == {201: 5, 403: 15}
    for r in responses:
        if r.status_code == 403:
            assert assert_error(r, 403, "quota_exceeded")["detail"]["dimension"] == "cpu"
    allocation = tenant.allocation()
    assert (allocation["used_containers"], allocation["used_cpu_millis"]) == (5, 5000)
    assert tenant.footprint()["containers"] == 5


def test_twelve_creates_of_one_name(tenant):
    responses = concurrently(lambda i: tenant.create("only-one", env={"ATTEMPT": str(i)}), range(12))
    assert status_counts(responses) == {201: 1, 409: 11}
    for r in responses:
        if r.status_code == 409:
            assert_error(r, 409, "conflict")
    footprint = tenant.footprint()
    assert (footprint["containers"], footprint["jobs"], footprint["events"], footprint["used_containers"]) == (1, 1, 1, 1)


def test_counters_match_the_rows_under_mixed_concurrency(stack, tenant_factory):
    """Creates, deletes, stops, starts and PATCHes (limits up and down, env, labels) racing each
    other never leave the usage counters drifting from the live rows, and never fail with a 5xx
    (lock conflicts are retried)."""
    tenant = tenant_factory(caps=("--containers", "30", "--cpu", "12", "--memory", "2g"))
    seeded = [tenant.created(f"seed-{i}", cpu_limit=0.5, mem_limit="64m") for i in range(12)]
    patches = ({"cpu_limit": 1, "mem_limit": "96m"}, {"cpu_limit": 0.25, "mem_limit": "32m"},
               {"env": {"RACE": "1"}}, {"labels": {"race": "yes"}})

    def operation(i):
        victim = seeded[i % len(seeded)]["id"]
        kind = i % 9
        if kind == 0:
            return tenant.action(victim, "delete")
        if kind == 1:
            # Recreating a seed's name races its delete: 201 or 409, never a 5xx.
            return tenant.create(f"seed-{i % len(seeded)}", cpu_limit=0.5, mem_limit="64m")
        if kind == 2:
            return tenant.action(victim, "stop")
        if kind == 3:
            return tenant.action(victim, "start")
        if kind == 4:
            return tenant.create(f"new-{i}", cpu_limit=0.25, mem_limit="32m")
        # A PATCH of a container being deleted answers 404 or 409, never a 5xx.
        return tenant.request("PATCH", f"/v1/containers/{victim}", json=patches[kind - 5])

    responses = concurrently(lambda i: retry_rate_limited(lambda: operation(i)), range(90), workers=24)
    for r in responses:
        assert r.status_code in (200, 201, 202, 403, 404, 409), r.text
    assert any(r.request.method == "PATCH" and r.status_code == 200 for r in responses)
    report = stack.admin("quota", "show", tenant.id)
    assert [scope["drift"] for scope in report] == [False], report
    t = f"'{tenant.id}'"
    live = stack.row(f"""SELECT COUNT(*) AS n, COALESCE(SUM(cpu_millis), 0) AS cpu, COALESCE(SUM(mem_bytes), 0) AS mem
                         FROM containers WHERE tenant_id = {t} AND desired_state <> 'deleted'""")
    allocation = tenant.allocation()
    assert (allocation["used_containers"], allocation["used_cpu_millis"], allocation["used_mem_bytes"]) == \
        (int(live["n"]), int(live["cpu"]), int(live["mem"]))
    # Still at most one pending job per container.
    assert stack.count(f"""SELECT COUNT(*) FROM (SELECT j.container_id FROM jobs j JOIN containers c ON c.id = j.container_id
                           WHERE c.tenant_id = {t} AND j.state = 'pending' GROUP BY j.container_id HAVING COUNT(*) > 1) x""") == 0


def test_racing_raises_of_many_containers_against_a_cpu_cap(stack, tenant_factory):
    """Ten PATCHes each raising a container by one vCPU, against room for four: exactly four win."""
    tenant = tenant_factory(caps=("--containers", "20", "--cpu", "6"))
    ids = [tenant.created(cpu_limit=0.2)["id"] for _ in range(10)]  # 2 of 6 vCPUs
    responses = concurrently(lambda i: tenant.request("PATCH", f"/v1/containers/{i}", json={"cpu_limit": 1.2}), ids)
    assert status_counts(responses) == {200: 4, 403: 6}, [r.text for r in responses]
    assert tenant.allocation()["used_cpu_millis"] == 6000
    assert stack.count(f"SELECT SUM(cpu_millis) FROM containers WHERE tenant_id = '{tenant.id}'") == 6000


def test_racing_stops_and_starts_of_one_container(tenant):
    c = tenant.created()
    responses = concurrently(lambda i: tenant.action(c["id"], "stop" if i % 2 else "start"), range(20))
    assert status_counts(responses) == {202: 20}
    row = tenant.container_row(c["id"])
    changes = tenant.stack.count(
        f"SELECT COUNT(*) FROM events WHERE container_id = '{c['id']}' AND action IN ('container.stop_requested', 'container.start_requested')")
    # Every effective change bumped the generation once, and the one pending job carries the last one.
    assert int(row["generation"]) == 1 + changes
    assert [(j["generation"], j["state"]) for j in tenant.jobs(c["id"])] == [(row["generation"], "pending")]


def test_a_new_allocation_set_during_creates_counts_every_one_of_them(stack, region, tenant_factory):
    """`quota set` adding a scope counts the live rows under the creates' quota lock: creates in
    flight are counted, later ones charge the new row, and `quota show` reports no drift."""
    tenant = tenant_factory(scope=region["region"], caps=("--containers", "200"))

    def operation(i):
        if i == 10:
            tenant.quota("--scope", "*", "--containers", "500")
            return None
        return retry_rate_limited(lambda: tenant.create(f"alloc-race-{i}"))

    results = concurrently(operation, range(40), workers=8)
    created = sum(1 for r in results if r is not None and r.status_code == 201)
    assert created == 39, [r.text for r in results if r is not None and r.status_code != 201]
    shown = {report["allocation"]["scope"]: report for report in stack.admin("quota", "show", tenant.id)}
    assert set(shown) == {"*", region["region"]}
    assert not any(report["drift"] for report in shown.values()), shown
    assert shown["*"]["allocation"]["used_containers"] == 39
