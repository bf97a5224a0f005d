'use strict';
/*
 * ajv-cli plug-in, loaded with -c after ajv-formats and
 * ajv-formats-draft2019: it declares the "iri-reference" format valid
 * for every string. The draft2019 check rejects BOM-links such as
 * "urn:cdx:<serial>/1#ref" that CycloneDX allows, and the
 * specification's own tests accept the format unchecked as well.
 */
module.exports = function cdxFormats(ajv) {
	ajv.addFormat('iri-reference', true);
	return ajv;
};
