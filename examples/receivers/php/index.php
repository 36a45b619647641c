<?php
// A minimal NF-e Webhooks receiver in PHP (no extensions beyond the standard ones): verifies the
// Standard Webhooks signature as the spec says, ignores a webhook-id it has already processed
// (kept in a file here: use your database), answers 2xx.
//   WEBHOOK_SECRET=whsec_... php -S 127.0.0.1:8080 index.php
// (With Composer and internet access, standard-webhooks/standard-webhooks gives the same check.)

function say(string $line): void { error_log($line); } // the built-in server's log (stdout is the answer)

$secret = base64_decode(preg_replace('/^whsec_/', '', getenv('WEBHOOK_SECRET')));
$body = file_get_contents('php://input');
$id = $_SERVER['HTTP_WEBHOOK_ID'] ?? '';
$timestamp = $_SERVER['HTTP_WEBHOOK_TIMESTAMP'] ?? '';
$signatures = explode(' ', $_SERVER['HTTP_WEBHOOK_SIGNATURE'] ?? '');

if ($id === '' || $timestamp === '' || abs(time() - (int) $timestamp) > 300) {
    say('rejected missing headers or timestamp too far from now');
    http_response_code(400);
    exit;
}
$expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $secret, true));
$valid = false;
foreach ($signatures as $signature) {
    [$version, $value] = array_pad(explode(',', $signature, 2), 2, '');
    if ($version === 'v1' && hash_equals($expected, $value)) $valid = true;
}
if (!$valid) {
    say('rejected no valid signature');
    http_response_code(400);
    exit;
}
$event = json_decode($body, true);
$seenFile = getenv('SEEN_FILE') ?: sys_get_temp_dir() . '/nfe-webhooks-seen.txt';
$seen = file_exists($seenFile) ? file($seenFile, FILE_IGNORE_NEW_LINES) : [];
if (in_array($id, $seen, true)) {
    say("duplicate $id");
} else {
    file_put_contents($seenFile, "$id\n", FILE_APPEND | LOCK_EX);
    say("accepted $id " . ($event['type'] ?? '')); // process the event here
}
http_response_code(204);
