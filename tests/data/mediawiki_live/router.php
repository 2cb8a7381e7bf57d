<?php
// Router of PHP's built-in server for tests/cli/mediawiki_live.sh: serves
// MediaWiki as it is, except that files in $MW_FAULTS make the next API
// reads fail the ways a busy public wiki does.  Each such file holds how
// many requests it still spoils.
$d = getenv('MW_FAULTS');
$uri = $_SERVER['REQUEST_URI'];
if (!$d || strncmp($uri, '/api.php', 8) !== 0 || $_SERVER['REQUEST_METHOD'] !== 'GET')
	return false;
file_put_contents("$d/agents", ($_SERVER['HTTP_USER_AGENT'] ?? '') . "\n", FILE_APPEND);
if (is_file("$d/slow"))
	usleep(300000);
function spoil($d, $f) {
	if (!is_file("$d/$f") || ($n = (int)file_get_contents("$d/$f")) <= 0)
		return false;
	file_put_contents("$d/$f", $n - 1);
	return true;
}
if (spoil($d, '503')) {
	http_response_code(503);
	header('Retry-After: 1');
	echo "busy\n";
	return true;
}
if (spoil($d, '429')) {
	http_response_code(429);
	echo "slow down\n";
	return true;
}
if (spoil($d, 'maxlag')) {
	header('Retry-After: 1');
	header('Content-Type: application/json');
	echo '{"errors":[{"code":"maxlag","text":"Waiting for a database server: 7 seconds lagged."}]}';
	return true;
}
if (spoil($d, 'garbage')) {
	header('Content-Type: text/html');
	echo "<html><body>Not an API</body></html>\n";
	return true;
}
if (spoil($d, '404')) {
	http_response_code(404);
	echo "no such page\n";
	return true;
}
return false;
