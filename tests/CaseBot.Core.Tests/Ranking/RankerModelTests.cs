using CaseBot.Core.Answering.Ranking;

namespace CaseBot.Core.Tests.Ranking;

public class RankerModelTests
{
    [Fact]
    public void Load_EmbeddedWeights_MatchTheFeaturesAndCarryTheirFit()
    {
        var model = RankerModel.Load(null);

        Assert.Equal(SentenceFeatures.Names, model.Features);
        Assert.InRange(model.Threshold, 0.01, 0.99);
        Assert.NotNull(model.Fit);
        Assert.True(model.Fit!.ContainsKey("crossValidatedAccuracy"));
        Assert.NotNull(model.QuestionForm);
        Assert.Equal(384, model.QuestionForm!.Weights.Count);
        Assert.All(model.QuestionForm.Scales, scale => Assert.Equal(1.0, scale));
    }

    [Fact]
    public void Load_WeightsForOtherFeatures_FailWithAClearMessage()
    {
        using var folder = new TempDirectory();
        var json = RankerModel.Load(null).ToJson().Replace("\"cosine\"", "\"somethingElse\"", StringComparison.Ordinal);
        var path = folder.Write("ranker.json", json);

        var error = Assert.Throws<FormatException>(() => RankerModel.Load(path));

        Assert.Contains("tune", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RoundTrips()
    {
        using var folder = new TempDirectory();
        var model = RankerModel.Load(null);

        var again = RankerModel.Load(folder.Write("ranker.json", model.ToJson()));

        Assert.Equal(model.Weights, again.Weights);
        Assert.Equal(model.Gate.Weights, again.Gate.Weights);
        Assert.Equal(model.Threshold, again.Threshold);
    }
}
