"""The Imago sentence stems a receiver uses, as patterns: the mirror's report frame, its
check-ins ("Did I get that?", "Is there more?") and validation's "you make sense".
"""

from __future__ import annotations

from imago_coach.language.patterns import rx

REPORT_FRAME = rx(
    r"^(?:\W*(?:so|okay|ok|right|alright|and|also|um|uh|yes|yeah|mm|hmm|let me see|let me "
    r"check|let me make sure)\W+)*(?:(?:if I (?:got|get|heard|hear|understand|understood|am "
    r"hearing|'m hearing) (?:it|you|that|this|all that|everything)?(?: right| correctly)?,?\s*)|"
    r"(?:what I(?:'m| am)? (?:hear|heard|hearing)(?: you say(?:ing)?)? (?:is|was)(?: that)?,?\s*)|"
    r"(?:I (?:hear|heard) (?:you )?(?:say(?:ing)?|that)?,?\s*)|(?:I (?:hear|heard|understand) "
    r"(?:that )?)|(?:it sounds like (?:you(?:'re| are)? (?:saying|telling me))?)|"
    r"(?:you(?:'re| are)? (?:said|saying|say|told me|tell me|telling me|mentioned|mention|"
    r"explained|feel|felt|feeling|think|thought|thinking|believe|wish|wished|want|wanted|"
    r"know|knew|realise|realize|said that|hope|hoped|need(?!\s+to\b)|needed(?!\s+to\b)|"
    r"would like|'d like|asked|were saying|were telling me|are saying|are telling me|"
    r"are feeling|were feeling|get|got|find|found|worry|worried|notice|noticed|hate|hated|"
    r"miss|missed|love|loved|see|saw|experience|experienced)\b))"
)

DID_I_GET_IT = rx(
    r"\b(?:did I (?:get|hear|understand|catch|capture) (?:that|it|you|this|all|everything|what "
    r"you)|did I get it right|have I got (?:that|it|you)|am I (?:getting|hearing|understanding) "
    r"(?:that|it|you|this)|is that (?:right|correct|accurate|it|what you (?:said|meant|mean))|"
    r"did I miss anything|was that (?:right|accurate)|is that (?:close|fair)|(?:did|have) I "
    r"(?:got|get) (?:it|that) right|do I have (?:that|it) right|right\?$)"
)
IS_THERE_MORE = rx(
    r"\b(?:is there (?:any ?thing )?more|is there (?:anything|something) (?:else|more)|"
    r"anything (?:else|more)"
    r"(?: you(?:'d| would) like to| you want to)?(?: (?:say|add|share))?\?|what else|tell me "
    r"more|say more|more (?:about|to) (?:that|it|this)|is that all|anything to add|"
    r"(?:would|do) you (?:like|want) to (?:say|add|share) more|something else\?|anything "
    r"else\b)"
)

VALIDATION_STEM = rx(
    r"\b(?:(?:you|that|it|this|what you(?:'re| are)? saying) (?:totally |completely |really |"
    r"absolutely )?makes? (?:total |complete |a lot of |perfect |very much |so much )?sense|"
    r"^\W*(?:totally |completely )?makes? (?:total |complete |perfect |so much )?sense\b|"
    r"I can (?:see|understand|"
    r"get) (?:why|how|that)|I (?:get|understand|see) (?:why|how)|of course you|no wonder|"
    r"(?:it's|it is) understandable|I can follow|that's (?:completely |totally |so |perfectly |"
    r"very )?(?:fair|valid|understandable)|"
    r"I understand (?:that|your)|it's no surprise|from where you (?:sit|stand|are)|"
    r"in your (?:shoes|position|place)|your (?:perspective|point of view|side)|"
    r"(?:to|I) understand (?:that|why|how)|where you're coming from|"
    r"(?:that's|that is) no surprise)\b"
)
