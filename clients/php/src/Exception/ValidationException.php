<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 400 `validation_error`: `field()` names the offending field (`labels.KEY`, `ports[3]`, …). */
class ValidationException extends ApiException
{
    /** The offending field, as `detail.field` names it. */
    public function field(): ?string
    {
        $field = $this->detail()["field"] ?? null;
        return is_string($field) ? $field : null;
    }
}
