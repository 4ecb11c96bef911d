// Bytes → standard base64 for JSON uploads ({"file_base64"}), in chunks so that a large file
// does not overflow the argument list of String.fromCharCode.
export function bytesToBase64(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < view.length; i += CHUNK) binary += String.fromCharCode(...view.subarray(i, i + CHUNK));
  return btoa(binary);
}
