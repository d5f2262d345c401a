<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** 410 `cursor_expired`: the events cursor is older than the retention; start again without a cursor. */
class CursorExpiredException extends ApiException
{
}
