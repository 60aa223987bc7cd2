// What IROH and CTIA let a browser app on another origin read of their answers (CTIA's wrap-cors, in its HTTP server).
export const IROH_CORS_EXPOSED_HEADERS = [
  'X-Iroh-Version', 'X-Iroh-Config', 'X-Ctim-Version', 'X-RateLimit-ORG-Limit', 'X-Content-Type-Options', 'Retry-After',
  'X-Total-Hits', 'X-Next', 'X-Previous', 'X-Sort', 'Etag', 'X-Frame-Options', 'Content-Security-Policy',
]
