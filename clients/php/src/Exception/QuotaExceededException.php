<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 403 `quota_exceeded`: `detail` holds `dimension`, `scope`, `requested`, `in_use` and `cap`. */
class QuotaExceededException extends ApiException
{
}
