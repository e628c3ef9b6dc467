// The words the wizard shows for preload/camera-brands.ts, in the owner's language: the brands' names and hints, and
// the sentences its address checks (parseHost, brandStreamUrls) give, which are English because the core and the
// `nvr` command share them. Pure (unit-tested under Node); the catalog is `i18n.m` on the page, English when left out.
import type { Brand, BrandId } from '../../../preload/camera-brands.ts';
import { wizard as english, type WizardMessages } from '../../../preload/i18n/wizard/en.ts';

/** The brand as the brand list shows it: makers' names stay as they are, the words around them are translated. */
export function brandLabel(brand: Brand, m: WizardMessages = english): string {
  const words: Partial<Record<BrandId, string>> = {
    hikvision: m.wizard_brand_hikvision,
    dahua: m.wizard_brand_dahua,
    onvif: m.wizard_brand_onvif,
    url: m.wizard_brand_url,
  };
  return words[brand.id] ?? brand.label;
}

/** The brand's catch worth knowing (shown under the brand and at sign-in), or null. */
export function brandHint(brand: Brand, m: WizardMessages = english): string | null {
  if (brand.hint === null) return null;
  const hints: Partial<Record<BrandId, string>> = { reolink: m.wizard_hint_reolink, tapo: m.wizard_hint_tapo, onvif: m.wizard_hint_onvif };
  return hints[brand.id] ?? brand.hint;
}

const BAD_IP = /^(.+) is not a valid IP address: it needs four numbers from 0 to 255, like 192\.168\.1\.20$/;
const NO_TEMPLATE = /^(.+) has no address template: its addresses come from the camera \(ONVIF\) or are typed in full$/;

/**
 * One of camera-brands.ts's address sentences in the catalog's language (English gives it back word for word). A
 * sentence it does not know is shown as it is, inside the catalog's frame for it.
 */
export function addressMessage(sentence: string, m: WizardMessages = english): string {
  const fixed: Record<string, string> = {
    [english.wizard_enter_ip]: m.wizard_enter_ip,
    [english.wizard_address_too_long]: m.wizard_address_too_long,
    [english.wizard_address_only_ip]: m.wizard_address_only_ip,
    [english.wizard_address_credentials]: m.wizard_address_credentials,
    [english.wizard_address_characters]: m.wizard_address_characters,
    [english.wizard_address_invalid]: m.wizard_address_invalid,
    [english.wizard_port_range]: m.wizard_port_range,
    [english.wizard_channel_range]: m.wizard_channel_range,
  };
  const known = Object.hasOwn(fixed, sentence) ? fixed[sentence] : undefined;
  if (known !== undefined) return known;
  const badIp = BAD_IP.exec(sentence);
  if (badIp?.[1]) return m.wizard_address_bad_ip({ host: badIp[1] });
  const noTemplate = NO_TEMPLATE.exec(sentence);
  if (noTemplate?.[1]) return m.wizard_no_template({ brand: noTemplate[1] });
  return m.wizard_address_other({ detail: sentence });
}
