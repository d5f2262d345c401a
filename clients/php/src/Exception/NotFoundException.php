<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 404 `not_found` (also another tenant's resource; under `/v1/admin/` also a missing or non-operator token). */
class NotFoundException extends ApiException
{
}
