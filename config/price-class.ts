/**
 * Which CloudFront price class serves shoppers near each cell. A price class leaves out
 * the edge locations of whole continents: with PriceClass_100 a shopper in Tokyo is served
 * from North America or Europe, so a cell in Asia would sit behind an edge that does not
 * serve its shoppers. A cell's region must lie where the edge's price class has locations.
 *
 * Source: Amazon CloudFront pricing (https://aws.amazon.com/cloudfront/pricing/): Price
 * Class 100 is North America, Europe and Israel; Price Class 200 adds South Africa, Kenya,
 * the Middle East, Japan, Singapore, South Korea, Taiwan, Hong Kong, the Philippines,
 * India, Indonesia, Thailand and Malaysia; Price Class All adds South America, Australia
 * and New Zealand.
 */
import { PRICE_CLASSES, PriceClass } from "./global";

/** Regions whose shoppers Price Class 200 adds to Price Class 100's. */
const PRICE_CLASS_200_REGIONS = [
  "af-south-1",
  "me-south-1",
  "me-central-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-1",
  "ap-south-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-southeast-7",
];

/** The cheapest price class whose edge locations serve shoppers near `region`. */
export function priceClassServing(region: string): PriceClass {
  if (/^(us|ca|eu|il|mx)-/.test(region)) return "PriceClass_100";
  if (PRICE_CLASS_200_REGIONS.includes(region)) return "PriceClass_200";
  return "PriceClass_All";
}

/** Problems for every cell whose region the edge's price class does not serve, naming the class that would. */
export function checkPriceClassCoverage(
  priceClass: PriceClass,
  cells: readonly { stack: string; region: string }[],
): string[] {
  const rank = (c: PriceClass) => PRICE_CLASSES.indexOf(c);
  return cells
    .filter((cell) => rank(priceClassServing(cell.region)) > rank(priceClass))
    .map(
      (cell) =>
        `storefront:priceClass = "${priceClass}" has no edge locations near the cell "${cell.stack}" in ${cell.region}: set storefront:priceClass to "${priceClassServing(cell.region)}" (or a wider class) in the global stack file`,
    );
}
