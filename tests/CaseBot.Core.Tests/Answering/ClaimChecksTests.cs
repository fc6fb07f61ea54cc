using CaseBot.Core.Answering;
using CaseBot.Core.Answering.Verification;
using CaseBot.Core.Retrieval;

namespace CaseBot.Core.Tests.Answering;

/// <summary>
/// The rules that check a model-written sentence against its passage, each on invented sentences that use no words of
/// the case's articles (the rules must hold for any case). The claim words come from the shipped index/claims.txt.
/// </summary>
public sealed class ClaimChecksTests
{
    private static readonly CaseAnalyzer Analyzer = new();
    private static readonly ClaimChecks Checks = new(ClaimWords.Load(Path.Combine(Repo.Root, "index", "claims.txt")), Analyzer.Stem);

    [Theory]
    [InlineData("twelve", 12)]
    [InlineData("a twelve-person panel", 12)]
    [InlineData("twenty-five", 25)]
    [InlineData("$1.7m", 1_700_000)]
    [InlineData("1.7 million dollars", 1_700_000)]
    [InlineData("$1,700,000", 1_700_000)]
    [InlineData("two million", 2_000_000)]
    [InlineData("more than two dozen", 24)]
    [InlineData("appealed twice", 2)]
    public void Quantities_ReadDigitsScalesAndWords(string text, decimal value) =>
        Assert.Equal(value, Assert.Single(Quantities.Find(text)).Value);

    [Theory]
    [InlineData("As the mayor's spokesman, I can confirm the repairs were a waste.", true)]
    [InlineData("In my opinion, the closure was an abuse of power.", true)]
    [InlineData("From my own knowledge, the board has nine members.", true)]
    [InlineData("I'm told the quay reopened in May.", true)]
    [InlineData("Okafor said: \u201cI never signed the closure order.\u201d", false)]
    [InlineData("Brandt told reporters \"my client did nothing wrong\" after the hearing.", false)]
    [InlineData("The first suit, known as Brandt I, was filed in March.", false)]
    [InlineData("The inspector gave the council her report.", false)]
    public void SpeaksForItself_FindsTheWritersOwnVoiceOutsideQuotations(string sentence, bool expected) =>
        Assert.Equal(expected, ClaimText.SpeaksForItself(sentence));

    [Fact]
    public void Quantities_LeaveOutALoneOne() => Assert.Empty(Quantities.Find("one of the owners"));

    [Fact]
    public void Quantities_MarkMoney()
    {
        Assert.True(Assert.Single(Quantities.Find("4 million dollars")).Money);
        Assert.False(Assert.Single(Quantities.Find("4 million tonnes")).Money);
    }

    [Fact]
    public void Polarity_ReadsANamedDeciderAsTheDecision()
    {
        const string titled = "Arbitrator Ines Okafor issued a 12-page award on Monday.";
        const string source = "She further concluded that the lease was not void, as the tenant alleged.";

        // The passage introduces Okafor by title, so what the sentence says she said is her decision, reversed here.
        Assert.NotNull(Checks.Polarity("Okafor said the lease was void.", source, [titled, source]));
        Assert.Null(Checks.Polarity("Okafor said the lease was void.", source, [source]));
        Assert.Null(Checks.Polarity("The tenant said the lease was void.", source, [titled, source]));
    }

    [Fact]
    public void BoundValues_CountNumbersGivenForTheSameThing()
    {
        string[] passage = ["In June the council paid $40,000 for surveys, $4 million for repairs to the quay, and $90,000 in fines.", "One of over 24 berths that the storm damaged has reopened."];

        Assert.Equal(1, Checks.BoundValues("The council set aside $4 million for repairing the quay.", passage));
        Assert.Equal(0, Checks.BoundValues("The council set aside $4 million for new ferries.", passage));
        Assert.Equal(0, Checks.BoundValues("More than 24 berths were closed by the council.", passage));
    }

    [Fact]
    public void Attribution_AccountStatedAsFact_IsCaught()
    {
        const string source = "The harbour board delayed the tender for a year, arguing that the quay walls were unsafe.";

        Assert.NotNull(Checks.Attribution("The quay walls were unsafe.", source));
        Assert.Null(Checks.Attribution("The board argued that the quay walls were unsafe.", source));
    }

    [Fact]
    public void Attribution_ADecisionClaimedForAnAccount_IsCaught()
    {
        // The landlord's lawyer guessed; no one decided. A claim that the tribunal decided it states the account as fact.
        const string guess = "\"I expect the tribunal will feel the lease is void,\" said Ines Okafor, the landlord's lawyer.";
        Assert.NotNull(Checks.Attribution("The tribunal has decided the lease is void.", guess));
        Assert.Null(Checks.Attribution("The landlord's lawyer said she expects the tribunal to feel the lease is void.", guess));

        // Where the source reports a decision, a claim of the decision attributes it.
        Assert.Null(Checks.Attribution("The tribunal concluded the lease was void.", "It concluded that the lease was void, as the tenant alleged."));
    }

    [Fact]
    public void Attribution_FactOutsideTheReportedClause_IsKept()
    {
        const string source = "The harbour board delayed the tender for a year, arguing that the quay walls were unsafe.";

        Assert.Null(Checks.Attribution("The harbour board delayed the tender for a year.", source));
    }

    [Fact]
    public void Attribution_WhatTheDeciderSaid_IsTheDecisionNotAnAccount()
    {
        Assert.Null(Checks.Attribution("The lease was void from the start.", "The arbitrator said the lease was void from the start."));
        Assert.Null(Checks.Attribution("The lease was void from the start.", "\"The lease was void from the start,\" the tribunal wrote."));
        Assert.NotNull(Checks.Attribution("The lease was void from the start.", "The landlord said the lease was void from the start."));
    }

    [Fact]
    public void Attribution_APronounForTheDecider_IsTheDecisionNotAnAccount()
    {
        const string before = "Regional Arbitrator Ines Okafor in a 40-page award said the lease was void.";
        const string source = "She also held that the fee was not owed as the landlord alleged, adding that, having weighed the landlord's evidence, she found it thin.";

        Assert.Null(Checks.Attribution("Having weighed the landlord's evidence, Arbitrator Okafor found it thin.", source, before));
        Assert.NotNull(Checks.Attribution("Having weighed the landlord's evidence, Arbitrator Okafor found it thin.", source, "The landlord's agent spoke to reporters after the award."));
        Assert.NotNull(Checks.Attribution("Having weighed the landlord's evidence, Arbitrator Okafor found it thin.", source));
    }

    [Fact]
    public void Attribution_WhatTheAccountCallsANamedThing_IsNotTheAccount()
    {
        const string source = "The hearing took testimony from the tenant about how she was evicted from the riverside grain warehouse Okafor Brothers in 2019.";

        Assert.Null(Checks.Attribution("Okafor Brothers is a riverside grain warehouse.", source));
        Assert.NotNull(Checks.Attribution("She was evicted from a grain warehouse in 2019.", source));
    }

    [Fact]
    public void Attribution_ADeciderOpeningALongSubject_IsTheDecision()
    {
        const string source = "U.S. Regional Arbitrator Ines Okafor in a 40-page award said there was no breach when the tenant withheld the rent.";

        Assert.Null(Checks.Attribution("There was no breach when the tenant withheld the rent.", source));
        Assert.NotNull(Checks.Attribution("There was no breach when the tenant withheld the rent.", "Speaking to the arbitrator after the hearing, the tenant said there was no breach when she withheld the rent."));
    }

    [Fact]
    public void Attribution_TellingSomeoneWithoutSayingWhat_ReportsNothing()
    {
        const string source = "The tenant only told two neighbours and did not call the council as she feared eviction.";

        Assert.Null(Checks.Attribution("She did not call the council because she feared eviction.", source));
        Assert.NotNull(Checks.Attribution("The council was to blame.", "The tenant told two neighbours that the council was to blame."));
    }

    [Fact]
    public void Attribution_AVerbEndingItsClause_ReportsWhatComesBeforeIt()
    {
        const string source = "The fee was owed in full as the landlord alleged, and the tenant paid it in March.";

        Assert.NotNull(Checks.Attribution("The fee was owed in full.", source));
        Assert.Null(Checks.Attribution("The tenant paid the fee in March.", source));
    }

    [Fact]
    public void Polarity_ClaimNegatesWhatThePassageStates_IsCaught()
    {
        const string source = "The arbitrator wrote that the invoices were forged with clear intent.";

        Assert.NotNull(Checks.Polarity("The invoices were not forged with clear intent.", source));
        Assert.Null(Checks.Polarity("The invoices were forged with clear intent.", source));
    }

    [Fact]
    public void Polarity_ClaimStatesWhatThePassageNegates_IsCaught()
    {
        const string source = "The inspector, who is not related to the owner, signed the report.";

        Assert.NotNull(Checks.Polarity("The inspector is related to the owner.", source));
        Assert.Null(Checks.Polarity("The inspector is not related to the owner.", source));
    }

    [Fact]
    public void Polarity_TheNegatedWordAlone_DecidesWhenTheClaimLacksWhatFollowedIt()
    {
        const string source = "The soil samples would not prove the quay unsafe, but a crack could be used as evidence.";

        Assert.NotNull(Checks.Polarity("A crack would prove that the walls had failed.", source));
        Assert.Null(Checks.Polarity("A crack would not prove that the walls had failed.", source));
        Assert.Null(Checks.Polarity("A crack could be used as evidence.", source));
    }

    [Fact]
    public void Outcomes_WhatFollowsBut_IsNotNegated()
    {
        string[] passage = ["The panel found the contractor liable for fraud."];

        Assert.Null(Checks.Outcomes("The panel did not wait but found him liable for fraud.", [passage[0]], passage));
        Assert.NotNull(Checks.Outcomes("The panel did not find him liable for fraud.", [passage[0]], passage));
    }

    [Fact]
    public void Opposites_TheSourceSaysTheOtherWord_IsAContradiction()
    {
        const string source = "The inspector found long-lasting damage to the hull after the second grounding.";

        Assert.NotNull(Checks.Opposites("The damage to the hull was short-lived.", source));
        Assert.NotNull(Checks.Opposites("The inspector found damage after the first grounding.", source));
        Assert.Null(Checks.Opposites("The inspector found long-lasting damage to the hull.", source));
        Assert.Null(Checks.Opposites("The damage came after the vessel's second grounding.", source));
    }

    [Fact]
    public void Roles_TheDoerAndTheOneItWasDoneTo_Swapped_IsAContradiction()
    {
        const string source = "Brandt called her a \"crook\" on the radio the day after the hearing.";

        Assert.NotNull(Checks.Roles("Okafor called Brandt a \"crook\" on the radio.", source));
        Assert.NotNull(Checks.Roles("Okafor had called Brandt a crook.", "Brandt called Okafor a crook on the radio."));
        Assert.Null(Checks.Roles("Brandt called Okafor a \"crook\" on the radio.", source));
    }

    [Fact]
    public void Roles_APronounDoer_APassive_OrAPlace_IsNoSwap()
    {
        // "she" may be Okafor: nothing says who called whom otherwise.
        Assert.Null(Checks.Roles("Okafor called Brandt a crook.", "Brandt, she said, was a crook, and she called Brandt one on air."));
        Assert.Null(Checks.Roles("Okafor was called a crook by Brandt.", "Brandt called Okafor a crook."));
        // "in Lagos" is where, not who: "Lagos fined" is no doer.
        Assert.Null(Checks.Roles("A magistrate in Lagos fined Okafor on Monday.", "A magistrate in Lagos on Monday fined Okafor."));
        // Both did it.
        Assert.Null(Checks.Roles("Okafor sued Brandt.", "Brandt sued Okafor in March, and Okafor sued Brandt in May."));
    }

    [Fact]
    public void Opposites_TheSourceSaysBoth_OrNeither_IsNoContradiction()
    {
        Assert.Null(Checks.Opposites("The first grounding was minor.", "The first grounding was minor; the second was not."));
        Assert.Null(Checks.Opposites("The repairs took a short time.", "The yard repaired the hull within days."));
    }

    [Fact]
    public void Polarity_AContrastInItsOwnClause_IsNotAContradiction()
    {
        const string source = "The tribunal awarded $4,000 for repairs and $900 for the flood damage.";

        Assert.Null(Checks.Polarity("The $4,000 was for repairs, not flood damage.", source));
        Assert.NotNull(Checks.Polarity("The tribunal awarded money for repairs but not for flood damage.", source));
    }

    [Fact]
    public void Polarity_NegationAboutSomethingElse_IsNotAContradiction()
    {
        Assert.Null(Checks.Polarity("The board did not find that the airline had hidden the logs.", "The board found the pilot negligent and grounded him."));
        Assert.Null(Checks.Polarity("The harbour master did not reply, and neither did Okafor's office.", "Okafor's office declined to comment on the delay."));
        Assert.Null(Checks.Polarity("She says the suit is not about her but about every tenant in the block.", "\"It's about every tenant in the block,\" she said."));
    }

    [Fact]
    public void Attribution_SpeakerAfterTheQuote_IsNotTheAccount()
    {
        const string source = "\"The samples would settle it,\" said Ines Okafor, a geologist who runs a soil laboratory.";

        Assert.Null(Checks.Attribution("Ines Okafor is a geologist who runs a soil laboratory.", source));
        Assert.NotNull(Checks.Attribution("The samples would settle it.", source));
    }

    [Fact]
    public void Attribution_SpeakerBeforeALongClause_IsNotTheAccount()
    {
        const string source = "Spokeswoman Paula Lindqvist said the second hearing, which opens in spring, will only set the fee.";

        Assert.Null(Checks.Attribution("Spokeswoman Paula Lindqvist spoke about the hearing.", source));
        Assert.NotNull(Checks.Attribution("The second hearing will only set the fee.", source));
    }

    [Fact]
    public void Attribution_DenialWithAParticiple_IsKeptWhenTheClaimAttributesIt()
    {
        const string source = "The mayor has denied Okafor's claims, maintaining he never met her, and has fought back in court.";

        Assert.Null(Checks.Attribution("No, the mayor has denied Okafor's claims, maintaining that he never met her.", source));
        Assert.NotNull(Checks.Attribution("The mayor never met Okafor.", source));
    }

    [Fact]
    public void Attribution_SpeakerAtTheEnd_MakesTheClausesBeforeTheAccount()
    {
        const string source = "The audit was rushed and incomplete, the union said.";

        Assert.NotNull(Checks.Attribution("The audit was rushed and incomplete.", source));
        Assert.Null(Checks.Attribution("The union said the audit was rushed and incomplete.", source));
    }

    [Fact]
    public void Attribution_QuotationAfterTheVerb_IsTheOnlyAccount()
    {
        const string source = "The mayor resigned after the auditor said \"they knew, they all knew\" when asked about the report that had not cleared him.";

        Assert.Null(Checks.Attribution("The mayor resigned after the auditor spoke.", source));
    }

    [Fact]
    public void Outcomes_AQuestionTheSentenceOnlyRaises_IsNeitherStatedNorDenied()
    {
        string[] passage = ["A hearing in March will only set how much the contractor must pay."];

        Assert.Null(Checks.Outcomes("The hearing will decide how much he pays, not whether he is liable.", [passage[0]], passage));
        Assert.NotNull(Checks.Outcomes("The hearing will decide how much he pays, since he is not liable.", [passage[0]], passage));
    }

    [Fact]
    public void Outcomes_OtherMemberOfTheGroup_IsAContradiction()
    {
        string[] passage = ["The panel found the contractor liable for sexual abuse and fraud."];

        Assert.NotNull(Checks.Outcomes("The panel found the contractor liable for rape.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("The panel found the contractor liable for sexual abuse.", [passage[0]], passage));
    }

    [Fact]
    public void Outcomes_SameOutcomeNegated_IsAContradiction()
    {
        string[] passage = ["The appeals panel denied the motion for a rehearing."];

        Assert.NotNull(Checks.Outcomes("The appeals panel granted the motion for a rehearing.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("The appeals panel rejected the motion for a rehearing.", [passage[0]], passage));
    }

    [Fact]
    public void Outcomes_TheBoundOfAnAmountIsReversed_IsAContradiction()
    {
        string[] passage = ["The tenants are seeking at least $3 million in repairs."];

        Assert.NotNull(Checks.Outcomes("The tenants are seeking no more than $3 million.", [passage[0]], passage));
        Assert.NotNull(Checks.Outcomes("The tenants want up to $3 million.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("The tenants want more than $3 million for repairs.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("The tenants are seeking $3 million in repairs.", [passage[0]], passage));
    }

    [Fact]
    public void Outcomes_NegatedInThePassage_IsNotStatedPlainly()
    {
        string[] passage = ["The panel found that the contractor had not raped the tenant."];

        Assert.NotNull(Checks.Outcomes("The contractor raped the tenant.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("The panel did not find that the contractor had raped the tenant.", [passage[0]], passage));
    }

    [Fact]
    public void Findings_ThePassageNeverStates_AreRemoved()
    {
        string[] passage = ["The verdict showed the contractor \"misled\" the tenants, the arbitrator wrote."];

        Assert.NotNull(Checks.Outcomes("The arbitrator wrote that the verdict found the contractor guilty of fraud.", [passage[0]], passage));
    }

    [Fact]
    public void Extremes_TheSmallestOrLargestAmount_MustBeTheLeastOrGreatestListed()
    {
        const string source = "The tribunal awarded the tenant $4,000 for repairs, $75,000 for lost rent and $900 in costs.";

        Assert.Null(Checks.Extremes("The smallest part of the award was $900 in costs.", source));
        Assert.Null(Checks.Extremes("The largest item was $75,000 for lost rent.", source));
        Assert.NotNull(Checks.Extremes("The smallest item was the $4,000 for repairs.", source));
        Assert.NotNull(Checks.Extremes("The biggest part was $4,000 for repairs.", source));
    }

    [Fact]
    public void Kinship_ThePassageDeniesOrNeverStates_IsRemoved()
    {
        string[] passage = ["Her attorney, Ines Okafor, who is not related to the arbitrator, filed the appeal."];

        Assert.NotNull(Checks.Outcomes("Ines Okafor is the arbitrator's daughter.", [passage[0]], passage));
        Assert.NotNull(Checks.Outcomes("The arbitrator's wife filed the appeal.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("Ines Okafor is not related to the arbitrator.", [passage[0]], passage));
    }

    [Fact]
    public void WhoTheRulingFavoured_ThePassageNeverStates_IsRemoved()
    {
        string[] passage = ["The arbitrator found the contractor liable for fraud and awarded the tenants $4,000."];
        string[] sides = ["The arbitrator sided with the tenants and awarded them $4,000."];

        Assert.NotNull(Checks.Outcomes("The arbitrator sided with the contractor on the fraud claim.", [passage[0]], passage));
        Assert.Null(Checks.Outcomes("The arbitrator sided with the tenants.", [sides[0]], sides));
    }

    [Fact]
    public void ValueBinding_SwappedAmounts_AreCaught()
    {
        string[] passage = ["She was granted $3 million in lost wages and $40,000 in penalties for harassment, as well as $900,000 in penalties, for retaliation."];

        Assert.NotNull(Checks.ValueBinding("The penalties for harassment were $900,000.", passage));
        Assert.Null(Checks.ValueBinding("The penalties for harassment were $40,000.", passage));
        Assert.Null(Checks.ValueBinding("That came on top of $3 million in lost wages for harassment.", passage));

        // What a number counts ends with its clause: the retaliation named after "while" is not what the $900,000 is for.
        Assert.NotNull(Checks.ValueBinding("The $900,000 in penalties was for harassment, while the retaliation penalties were $40,000.", passage));
        Assert.NotNull(Checks.ValueBinding("The $900,000, while large, was in penalties for harassment.", passage));
        Assert.Null(Checks.ValueBinding("The $40,000 in penalties was for harassment, while the retaliation penalties were $900,000.", passage));
    }

    [Fact]
    public void Attribution_PointingOut_AttributesWhatFollows()
    {
        const string source = "In her appeal, Okafor argued that the inspectors had found the wall sound rather than cracked.";

        Assert.Null(Checks.Attribution("Okafor appealed, pointing out that the inspectors found the wall sound rather than cracked.", source));
        Assert.NotNull(Checks.Attribution("The inspectors found the wall sound rather than cracked.", source));
    }

    [Fact]
    public void Attribution_WhatAPassageNotesAsTrue_MayBeStatedAsFact()
    {
        // "noted that", "acknowledged that": the writer presents the clause as true ([factive] in claims.txt).
        Assert.Null(Checks.Attribution("The inspectors found the wall sound rather than cracked.", "In her appeal, Okafor noted that the inspectors had found the wall sound rather than cracked."));
        Assert.Null(Checks.Attribution("The inspectors found the wall sound.", "Brandt acknowledged that the inspectors had found the wall sound."));
        Assert.NotNull(Checks.Attribution("The inspectors found the wall sound.", "Brandt said that the inspectors had found the wall sound."));
    }

    [Fact]
    public void Outcomes_WhatAPassageNotesAsTrue_StatesTheFinding()
    {
        const string source = "In asking for a retrial, Brandt noted that the jurors found him liable for negligence rather than fraud.";

        Assert.Null(Checks.Outcomes("The jurors found Brandt liable for negligence.", [source], [source]));
        const string said = "In asking for a retrial, Brandt said that the jurors found him liable for negligence rather than fraud.";
        Assert.NotNull(Checks.Outcomes("The jurors found Brandt liable for negligence.", [said], [said]));
    }

    [Fact]
    public void WhatWasOnlySought_IsNotStatedAsHadOrDone()
    {
        string[] passage = ["Okafor's lawyers are also seeking a soil sample from Brandt, whose quay collapsed in March.", "The harbour board said the inquiry would start soon."];

        Assert.NotNull(Checks.Sought("Brandt handed over a soil sample in March.", passage));
        Assert.NotNull(Checks.Sought("Brandt provided a sample, and it matched the harbour's.", passage));
        Assert.Null(Checks.Sought("Okafor's lawyers want a soil sample from Brandt.", passage));
        Assert.Null(Checks.Sought("Okafor's lawyers asked Brandt to provide a sample.", passage));
        Assert.Null(Checks.Sought("Brandt has not handed over a sample.", passage));
        Assert.Null(Checks.Sought("Brandt's quay collapsed in March.", passage));

        // What follows the object is not what was sought: "collapsed" after "whose" is stated.
        Assert.Null(Checks.Sought("The quay collapsed.", passage));

        // What someone is running for is not yet won.
        string[] race = ["The paper reported that Okafor is the front-runner for the harbour board chairmanship."];
        Assert.NotNull(Checks.Sought("Okafor has already secured the chairmanship.", race));
        Assert.Null(Checks.Sought("Okafor is the leading candidate for the chairmanship.", race));

        // What someone looks forward to is hoped for, not done.
        string[] hoped = ["Okafor's lawyer added that her client is looking forward to holding Brandt accountable at a hearing in May."];
        Assert.NotNull(Checks.Sought("Brandt will be held accountable at the May hearing.", hoped));
        Assert.Null(Checks.Sought("Okafor looks forward to holding Brandt accountable at a hearing in May.", hoped));

        // Said plainly elsewhere in the cited passages, it may be stated.
        Assert.Null(Checks.Sought("Brandt handed over a soil sample.", [.. passage, "Brandt later handed over a soil sample."]));
    }

    [Fact]
    public void WhatWasOnlySought_MayBeDecided()
    {
        // An outcome or finding in the claim's clause is checked against the passage by the outcome rules instead.
        string[] passage = ["Brandt requested a retrial, which the tribunal rejected."];

        Assert.Null(Checks.Sought("The tribunal rejected a retrial.", passage));
        Assert.NotNull(Checks.Sought("Brandt got a retrial.", passage));

        // An outcome the passage never speaks of decides nothing: the request is still only a request.
        string[] asked = ["After failed attempts to get the claim dismissed, the harbour board took the unusual step of asking that the council be substituted for Brandt."];
        Assert.NotNull(Checks.Sought("The tribunal approved substituting the council for Brandt.", asked));
    }

    [Fact]
    public void Attribution_AnEmbeddedPost_IsItsAuthorsAccount()
    {
        const string post = "The quay was never safe and the board knew it.";

        Assert.Null(Checks.Attribution("The quay was never safe.", post));
        Assert.NotNull(Checks.Attribution("The quay was never safe.", post, posted: true));
        Assert.Null(Checks.Attribution("Okafor tweeted that the quay was never safe.", post, posted: true));
        Assert.Null(Checks.Attribution("Okafor posted that the quay was never safe.", post, posted: true));
    }

    [Fact]
    public void Outcomes_AComparisonDeniesNothingOfWhatFollowsThan()
    {
        string[] passage = ["Okafor granted the motion."];

        Assert.Null(Checks.Outcomes("The appeal was no stronger than the motion Okafor granted.", passage, passage));
        Assert.True(ClaimText.Negated(ClaimText.Tokens("The panel found him liable for negligence rather than fraud."), 9, ClaimWords.Load(Path.Combine(Repo.Root, "index", "claims.txt"))));
        Assert.False(ClaimText.Negated(ClaimText.Tokens("The claims were no stronger than the fraud claims."), 7, ClaimWords.Load(Path.Combine(Repo.Root, "index", "claims.txt"))));
    }

    [Fact]
    public void WhatWasTriedFor_IsNotStatedAsDone()
    {
        string[] tried = ["After failed attempts by the owners to get the tenant's claim dismissed, the council stepped in."];
        string[] done = ["The council dismissed the tenant's claim."];
        const string claim = "The owners had failed to get the claim dismissed.";

        Assert.Null(Checks.Outcomes(claim, [tried[0]], tried));
        Assert.Null(Checks.Polarity(claim, tried[0]));
        Assert.NotNull(Checks.Outcomes(claim, [done[0]], done));
    }

    [Fact]
    public void Attribution_AnAsideBeforeThat_DoesNotEndTheAccount()
    {
        const string source = "The quay wall was sound and needed no repair, the surveyor wrote.";

        Assert.Null(Checks.Attribution("The surveyor later wrote, however, that the quay wall was sound and needed no repair.", source));
        Assert.NotNull(Checks.Attribution("The surveyor later wrote, however. The quay wall was sound and needed no repair.", source));
    }

    [Fact]
    public void Attribution_WhoActedInAPlace_IsNotADescriptionOfThePlace()
    {
        const string source = "A regional inspector in Port Harcourt on Monday threw out a complaint by Ines Okafor in which she claimed she had been underpaid by a former shipping agent after he won a contract dispute against her.";

        // "regional inspector" is who threw the complaint out, not words describing Port Harcourt; only "dispute" is in her account.
        Assert.Null(Checks.Attribution("A regional inspector in Port Harcourt later dismissed the dispute.", source));
        Assert.NotNull(Checks.Attribution("The shipping agent underpaid her.", source));
    }

    [Fact]
    public void ValueBinding_APhraseAfterAList_IsWhatEveryNumberOfTheListIsFor()
    {
        string[] passage = ["She was granted $3 million in lost wages and $40,000 in penalties for harassment, as well as $500,000 in penalties, $800,000 for retraining, and $90,000 in punitive penalties, for retaliation."];

        // ", for retaliation" closes the list that starts after "as well as": the $500,000 was for retaliation too.
        Assert.Null(Checks.ValueBinding("Added to the $500,000 in retaliation penalties, that makes $1.3 million.", passage));
        // The list does not reach back past "as well as": the $40,000 was for harassment.
        Assert.NotNull(Checks.ValueBinding("The penalties for retaliation were $40,000.", passage));
    }

    [Fact]
    public void FindingObjects_AFindingAboutWhatThePassageNeverMentions_IsRemoved()
    {
        var passage = StemsOf("The contractor was found liable for negligence at the harbour, but not for fraud.");
        bool Stated(string stem) => passage.Contains(stem);

        Assert.NotNull(Checks.FindingObjects("The panel found the contractor liable for negligence but not for bribery.", Stated));
        Assert.NotNull(Checks.FindingObjects("The contractor was held liable for trespass.", Stated));
        Assert.Null(Checks.FindingObjects("The contractor was liable for negligence but not for fraud.", Stated));
        Assert.Null(Checks.FindingObjects("A jury held him liable in June for negligence, and he paid.", Stated));
        Assert.Null(Checks.FindingObjects("The owner is not related to Okafor.", Stated));
    }

    [Fact]
    public void FindingObjects_HowAFindingWasMade_MustBeStatedToo()
    {
        var passage = StemsOf("The contractor was found liable for negligence at the harbour, and a jury later found the owner civilly liable too.");
        bool Stated(string stem) => passage.Contains(stem);

        Assert.NotNull(Checks.FindingObjects("The contractor was found criminally liable for negligence.", Stated));
        Assert.Null(Checks.FindingObjects("The owner was found civilly liable.", Stated));
        Assert.Null(Checks.FindingObjects("The contractor was found liable for negligence.", Stated));
    }

    [Fact]
    public void Attribution_ClaimsAsAVerb_ReportsAnAccount()
    {
        const string source = "Okafor, a former harbour pilot, claims the collision happened in thick fog.";

        Assert.NotNull(Checks.Attribution("The collision happened in thick fog.", source));
        Assert.Null(Checks.Attribution("Okafor claims the collision happened in thick fog.", source));
    }

    private static HashSet<string> StemsOf(string text) =>
        text.Split([' ', ',', '.'], StringSplitOptions.RemoveEmptyEntries).Select(w => Analyzer.Stem(w.ToLowerInvariant())).OfType<string>().ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Outcomes_DenyingOneOutcomeWhereThePassageStatesAnother_IsConsistent()
    {
        string[] passage = ["The tribunal denied the harbour board's motion to reopen the tender."];

        Assert.Null(Checks.Outcomes("The board's motion was not granted.", [passage[0]], passage));
        Assert.NotNull(Checks.Outcomes("The tribunal granted the board's motion.", [passage[0]], passage));
        Assert.NotNull(Checks.Outcomes("The tribunal never denied the board's motion.", [passage[0]], passage));
    }

    [Fact]
    public void Polarity_SomeonesAccountInTheClaim_DoesNotContradictTheDecision()
    {
        const string source = "The tribunal held that the lease was not void, rejecting what the landlord had argued.";

        Assert.Null(Checks.Polarity("The landlord argued the lease was void, but the tribunal disagreed.", source));
        Assert.NotNull(Checks.Polarity("The lease was void, the tribunal held.", source));
        Assert.NotNull(Checks.Polarity("The tribunal said the lease was void.", source));
    }

    [Fact]
    public void ValueBinding_DatesAreNotCounts()
    {
        string[] passage = ["The hearing is scheduled to begin on March 4, 2031."];

        Assert.Null(Checks.ValueBinding("The hearing was set for 4 March 2031.", passage));
    }
}
