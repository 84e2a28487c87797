<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://kaktus.media/doc/534210_v_bishkeke_povysiat_tarify_na_proezd_v_obshestvennom_transporte.html</loc><lastmod>2026-02-17T10:20:00+06:00</lastmod></url>
  <url><loc>https://kaktus.media/doc/534188_kyrgyzstan_i_kitay_podpisali_soglashenie_o_stroitelstve_zavoda.html</loc><lastmod>2026-02-16T17:45:00+06:00</lastmod></url>
</urlset>
