<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/**
 * 409 `secret_not_replayable`: a create that returns a secret (a tenant token) was retried with
 * its Idempotency-Key after its first answer was lost (a timeout, a reset, a 502). The first
 * attempt DID create it, but its secret is shown only once and cannot be sent again.
 * `createdId()` names what was created: revoke it (`$operator->tokens->revoke($tenantId, $id)`)
 * and create again without the key (a plain new call makes a new key).
 */
class SecretNotReplayableException extends ConflictException
{
    /** The id of what the first attempt created (`detail.id`). */
    public function createdId(): ?string
    {
        $id = $this->detail()['id'] ?? null;
        return is_string($id) ? $id : null;
    }
}
