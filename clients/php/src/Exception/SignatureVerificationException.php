<?php
declare(strict_types=1);

namespace DroCloud\Exception;

/** A webhook delivery whose `DRO-Signature` does not verify (wrong secret, tampered body, stale timestamp, malformed header). */
class SignatureVerificationException extends \RuntimeException implements DroCloudException
{
}
