<?php
declare(strict_types=1);

namespace DroCloud\Service\Operator;

use DroCloud\Pager;
use DroCloud\Service\AbstractService;

/** Webhook endpoints: `$operator->webhooks`. Verify what they receive with DroCloud\Webhook::verify. */
final class WebhookService extends AbstractService
{
    /**
     * Maps to POST /v1/admin/webhooks (`{url, event_types?, tenant_id?}`): 201 with `secret`, the
     * signing secret, shown only here. Like a token create, a retry whose first answer was lost
     * throws SecretNotReplayableException naming the endpoint made: delete it and create again.
     *
     * @param array{url: string, event_types?: list<string>, tenant_id?: string} $webhook
     * @param array{idempotency_key?: string} $options
     * @return array<string, mixed>
     */
    public function create(array $webhook, array $options = []): array
    {
        return $this->http->request('POST', '/v1/admin/webhooks', [], $webhook, ['kind' => 'create'] + $options);
    }

    /** Maps to GET /v1/admin/webhooks (never a secret). @param array{limit?: int, cursor?: string} $params */
    public function list(array $params = []): Pager
    {
        return $this->pager('/v1/admin/webhooks', 'webhooks', $params);
    }

    /** Maps to GET /v1/admin/webhooks/{id}, with its delivery status. @return array<string, mixed> */
    public function get(string $webhookId): array
    {
        return $this->http->request('GET', '/v1/admin/webhooks/' . self::segment($webhookId));
    }

    /** Maps to DELETE /v1/admin/webhooks/{id}. @return array<string, mixed> */
    public function delete(string $webhookId): array
    {
        return $this->http->request('DELETE', '/v1/admin/webhooks/' . self::segment($webhookId));
    }

    /** Maps to POST /v1/admin/webhooks/{id}/resume: a `failing` endpoint gets its undelivered events again. @return array<string, mixed> */
    public function resume(string $webhookId): array
    {
        return $this->http->request('POST', '/v1/admin/webhooks/' . self::segment($webhookId) . '/resume', [], null, ['kind' => 'safe']);
    }
}
