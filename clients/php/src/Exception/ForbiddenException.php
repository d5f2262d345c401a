<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 403 `forbidden`: the caller may not act at all (a suspended tenant, a read-only operator token: `reason()`). */
class ForbiddenException extends ApiException
{
    /** `detail.reason`, e.g. `read_only_token`. */
    public function reason(): ?string
    {
        $reason = $this->detail()["reason"] ?? null;
        return is_string($reason) ? $reason : null;
    }
}
