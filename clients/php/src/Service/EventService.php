<?php
declare(strict_types=1);

namespace DroCloud\Service;

use DroCloud\Pager;

/**
 * The events feed (`$client->events` for a tenant, `$operator->events` for everything).
 * Store the cursor and pass it back: delivery is at least once, so deduplicate by `id`.
 */
final class EventService extends AbstractService
{
    public function __construct(\DroCloud\HttpClient $http, private readonly string $path)
    {
        parent::__construct($http);
    }

    /**
     * One page: `{"events": […], "next_cursor": "…"}` (a page always carries a cursor).
     *
     * @param array{cursor?: string, limit?: int, type?: string, container_id?: string, tenant_id?: string} $params
     * @return array<string, mixed>
     */
    public function list(array $params = []): array
    {
        return $this->http->request('GET', $this->path, $params);
    }

    /**
     * Every event from `cursor` (or the start) up to now, page after page; after the loop,
     * `->cursor()` on the answer is the position to store.
     *
     * @param array{cursor?: string, limit?: int, type?: string, container_id?: string, tenant_id?: string} $params
     */
    public function iterate(array $params = []): Pager
    {
        return $this->pager($this->path, 'events', $params, true);
    }
}
