<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 409 `conflict`: `reason()` says which (`name_taken`, `deleted`, `not_running`, `idempotency_key_reused`, `tenant_deleted`, `external_ref_taken`, …). */
class ConflictException extends ApiException
{
    /** `detail.reason`. */
    public function reason(): ?string
    {
        $reason = $this->detail()["reason"] ?? null;
        return is_string($reason) ? $reason : null;
    }
}
